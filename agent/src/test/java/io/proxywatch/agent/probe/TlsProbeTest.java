package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsProbeTest {
  @TempDir
  static Path dir;
  static TestCertificates certificates;

  @BeforeAll
  static void certificates() throws Exception {
    certificates = TestCertificates.generate(dir);
  }

  @Test
  void anUntrustedCertificate_isATlsError() throws Exception {
    try (var server = TestHttpServer.tls(certificates.serverContext(), head -> TestHttpServer.Reply.ok("x"));
        var prober = Probes.prober(server.base())) {
      Sample sample = prober.probe(Probes.target(Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TLS);
      assertThat(sample.getTimings().hasConnectMicros()).isTrue();
      assertThat(sample.getTimings().hasTlsMicros()).isFalse();
    }
  }

  @Test
  void caFile_isTrusted_andRecordsTlsVersion() throws Exception {
    try (var server = TestHttpServer.tls(certificates.serverContext(), head -> TestHttpServer.Reply.ok("x"));
        var prober = new Prober(Probes.settings(server.base(), Duration.ofSeconds(5), 1 << 20,
            TrustMaterial.withExtra(certificates.pem())), System::nanoTime)) {
      Sample sample = prober.probe(Probes.target(Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getTlsVersion()).isEqualTo("TLSv1.3");
      assertThat(sample.getTimings().hasTlsMicros()).isTrue();
    }
  }

  @Test
  void caFile_addsToTheSystemTrust_ratherThanReplacingIt() {
    X509Certificate[] system = TrustMaterial.system().trustManager().getAcceptedIssuers();
    List<X509Certificate> extended = List.of(TrustMaterial.withExtra(certificates.pem()).trustManager().getAcceptedIssuers());

    assertThat(system).isNotEmpty();
    assertThat(extended).hasSize(system.length + 1).contains(system).containsAll(TrustMaterial.readPem(certificates.pem()));
  }

  @Test
  void aFileWithoutCertificates_isRejectedWithItsName() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    assertThatThrownBy(() -> TrustMaterial.readPem(junk)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junk.pem");
    assertThatThrownBy(() -> TrustMaterial.readPem(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
  }
}
