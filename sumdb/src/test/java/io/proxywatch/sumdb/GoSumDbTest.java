package io.proxywatch.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class GoSumDbTest {
  @Test
  void default_isSumGolangOrgWithTheKeyFromTheGoSource() {
    assertThat(GoSumDb.DEFAULT.name()).isEqualTo("sum.golang.org");
    assertThat(GoSumDb.DEFAULT.url()).isEqualTo(URI.create("https://sum.golang.org"));
    assertThat(GoSumDb.DEFAULT.key().keyHash()).isEqualTo(0x033de0ae);
    assertThat(GoSumDb.parse(GoSumDb.SUM_GOLANG_ORG)).isEqualTo(GoSumDb.DEFAULT);
  }

  @Test
  void keyHash_isTheFirstFourBytesOfSha256OfNameNewlineKey() {
    assertThat(VerifierKey.parse(SignedNoteTest.PETER_KEY).keyHash()).isEqualTo(0xc74f20a3);
  }

  @Test
  void chinaAliasAndExplicitUrl() {
    assertThat(GoSumDb.parse("sum.golang.google.cn").url()).isEqualTo(URI.create("https://sum.golang.google.cn"));
    GoSumDb local = GoSumDb.parse(SignedNoteTest.PETER_KEY + " http://127.0.0.1:8080/sumdb");
    assertThat(local.name()).isEqualTo("PeterNeumann");
    assertThat(local.url()).isEqualTo(URI.create("http://127.0.0.1:8080/sumdb"));
  }

  @Test
  void aKeyThatDoesNotMatchItsHash_isRefusedNamingTheExpectedHash() {
    // the key as once misquoted in a brief: same name and hash, other key bytes
    assertThatThrownBy(() -> GoSumDb.parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ddb8uV7rQ7K0bCBV"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gosumdb: verifier key \"sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ddb8uV7rQ7K0bCBV\": hash 033de0ae does not match the key");
  }

  @Test
  void badValues_sayWhatIsWrong() {
    assertThatThrownBy(() -> GoSumDb.parse("off")).hasMessageContaining("got \"off\"");
    assertThatThrownBy(() -> GoSumDb.parse("a b c")).hasMessageContaining("too many fields");
    assertThatThrownBy(() -> GoSumDb.parse("example.com")).hasMessageContaining("expected name+hash+key");
    assertThatThrownBy(() -> GoSumDb.parse("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessageContaining("hash must be 8 hex digits");
    assertThatThrownBy(() -> GoSumDb.parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessageContaining("unknown algorithm");
    assertThatThrownBy(() -> GoSumDb.parse(SignedNoteTest.PETER_KEY + " ftp://x")).hasMessageContaining("url must be");
    assertThatThrownBy(() -> GoSumDb.parse("PeterNeumann+c74f20a3+!!!")).hasMessageContaining("not non-empty standard base64");
  }
}
