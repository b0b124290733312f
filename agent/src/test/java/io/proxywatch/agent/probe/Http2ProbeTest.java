package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS edge that offers HTTP/2 is probed over HTTP/2, through the probe's own TLS socket, with every phase timed. */
class Http2ProbeTest {
  @TempDir
  Path dir;

  @Test
  void anEdgeOfferingH2_isProbedOverH2_withItsPhasesInOrder() throws Exception {
    TestCertificates certificates = TestCertificates.temporary();
    try (NginxEdge edge = NginxEdge.startHttp2(dir.resolve("edge"), certificates);
        Prober prober = new Prober(Probes.settings(Duration.ofSeconds(5), 1 << 20,
            TrustMaterial.withExtra(certificates.pem())), System::nanoTime)) {
      Sample sample = prober.probe(new ProbeTarget(edge.tlsBase(), "example.com/hello", "v1.0.0", Endpoint.INFO)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getHttpStatus()).isEqualTo(200);
      assertThat(sample.getHttpProtocol()).isEqualTo("h2");
      assertThat(sample.getTimings().getTlsMicros()).isPositive()
          .isLessThanOrEqualTo(sample.getTimings().getTtfbMicros());
      assertThat(sample.getTimings().getTtfbMicros()).isLessThanOrEqualTo(sample.getTimings().getTotalMicros());
    }
  }
}
