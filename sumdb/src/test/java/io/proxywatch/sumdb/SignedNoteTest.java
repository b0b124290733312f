package io.proxywatch.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SignedNoteTest {
  /** A real sum.golang.org tree head (shared/reference/goproxy.md). */
  static final String REAL_NOTE = "go.sum database tree\n8617558\nf5KSnshtcJa62/LNDuI7gZcszmfvqVvcxkPMjNf3xZs=\n\n"
      + "\u2014 sum.golang.org Az3grq9hzFjHaUJ4ohlzx2zGTtq8x4UOHTEd6EJyvB5Zd1/9vNOznd6OMy9KHrwN3CcPvzbxaFPjUPRV+qFvpA2xqQo=\n";
  static final VerifierKey SUM_GOLANG_ORG = VerifierKey.parse(GoSumDb.SUM_GOLANG_ORG);
  /** note_test.go's vector. */
  static final String PETER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_NOTE = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n\n"
      + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void realSumGolangOrgTreeHead_verifiesWithTheRealKey() throws Exception {
    SignedTreeHead head = SignedTreeHead.open(bytes(REAL_NOTE), SUM_GOLANG_ORG);
    assertThat(head.size()).isEqualTo(8617558);
    assertThat(head.hash()).hasToString("f5KSnshtcJa62/LNDuI7gZcszmfvqVvcxkPMjNf3xZs=");
  }

  @Test
  void goTestVector_verifies() throws Exception {
    assertThat(SignedNote.open(bytes(PETER_NOTE), VerifierKey.parse(PETER_KEY)).text())
        .startsWith("If you think").endsWith("is.\n");
  }

  @Test
  void anyFlippedByteOfTheText_failsTheSignature() {
    byte[] msg = bytes(REAL_NOTE);
    int textEnd = REAL_NOTE.indexOf("\n\n") + 1;
    for (int i = 0; i < textEnd; i++) {
      byte[] bad = msg.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> SignedTreeHead.open(bad, SUM_GOLANG_ORG)).as("byte %d", i)
          .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason())
              .isIn(SumDbException.Reason.BAD_SIGNATURE, SumDbException.Reason.MALFORMED));
    }
  }

  @Test
  void flippedSignatureByte_isABadSignature() {
    String bad = REAL_NOTE.replace("Az3grq9hz", "Az3grq9hy");
    assertThatThrownBy(() -> SignedNote.open(bytes(bad), SUM_GOLANG_ORG))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.BAD_SIGNATURE))
        .hasMessage("bad_signature: invalid signature for key sum.golang.org+033de0ae");
  }

  @Test
  void noteSignedByAnotherKey_isUnknownKey() {
    assertThatThrownBy(() -> SignedNote.open(bytes(PETER_NOTE), SUM_GOLANG_ORG))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.UNKNOWN_KEY))
        .hasMessageContaining("no signature by sum.golang.org+033de0ae; signed by [PeterNeumann+c74f20a3]");
  }

  @Test
  void malformedNotes_areRejectedWithTheReason() {
    assertMalformed(REAL_NOTE.substring(0, REAL_NOTE.length() - 1), "does not end with a newline");
    assertMalformed(REAL_NOTE.replace("\n\n", "\n"), "no blank line");
    assertMalformed(REAL_NOTE.replace("8617558", "86\t17558"), "control character 0x9");
    assertMalformed(REAL_NOTE.replace("\u2014 ", "- "), "malformed signature line");
    assertMalformed(REAL_NOTE.replace("Az3grq9", "Az3g!q9"), "not base64");
    assertMalformed(REAL_NOTE + "\u2014 x AAAAAAA=\n".repeat(100), "101 signatures, limit 100");
  }

  @Test
  void nonUtf8AndOversizedNotes_areRejected() {
    byte[] latin1 = REAL_NOTE.replace("tree", "tr\u00e9e").getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> SignedNote.open(latin1, SUM_GOLANG_ORG)).hasMessage("malformed: note is not valid UTF-8");
    byte[] huge = bytes("x".repeat(SignedNote.MAX_BYTES) + REAL_NOTE);
    assertThatThrownBy(() -> SignedNote.open(huge, SUM_GOLANG_ORG))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.TOO_LARGE));
  }

  @Test
  void treeNoteBody_mustBeCanonical() {
    for (String text : new String[] {"go.sum database tree\n007\n" + "A".repeat(43) + "=\n",
        "go.sum database tree\n-1\n" + "A".repeat(43) + "=\n", "go.sum database tree\n7\nAAAA\n", "other\n7\nx\n"}) {
      assertThatThrownBy(() -> TreeHead.parse(text)).as(text)
          .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.MALFORMED));
    }
  }

  private static void assertMalformed(String note, String message) {
    assertThatThrownBy(() -> SignedNote.open(bytes(note), SUM_GOLANG_ORG))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.MALFORMED))
        .hasMessageContaining(message);
  }
}
