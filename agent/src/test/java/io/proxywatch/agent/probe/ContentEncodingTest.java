package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real nginx edge that gzips and varies on Accept-Encoding, as a CDN may. */
class ContentEncodingTest {
  static final String GZIP_EDGE = "gzip on; gzip_vary on; gzip_min_length 1; gzip_types text/plain application/json;";

  @TempDir
  Path dir;

  @Test
  void gzipAndIdentityProbes_agreeOnTheContent_andRecordTheTransfer() throws Exception {
    try (NginxEdge edge = NginxEdge.start(dir, GZIP_EDGE);
        Prober gzip = prober(AcceptEncoding.GZIP);
        Prober identity = prober(AcceptEncoding.IDENTITY)) {
      Sample zipped = gzip.probe(Probes.target(edge.base(), Endpoint.LIST)).build();
      Sample plain = identity.probe(Probes.target(edge.base(), Endpoint.LIST)).build();

      assertThat(zipped.getErrorClass()).as(zipped.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(plain.getErrorClass()).as(plain.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(zipped.getHttpStatus()).isEqualTo(plain.getHttpStatus()).isEqualTo(200);
      byte[] expected = MessageDigest.getInstance("SHA-256").digest(NginxEdge.LIST.getBytes(StandardCharsets.UTF_8));
      assertThat(zipped.getContentSha256().toByteArray()).isEqualTo(expected);
      assertThat(plain.getContentSha256()).isEqualTo(zipped.getContentSha256());
      assertThat(zipped.getListedVersionsList()).isEqualTo(plain.getListedVersionsList()).hasSize(40);

      assertThat(zipped.getContentEncoding()).isEqualTo("gzip");
      assertThat(plain.getContentEncoding()).isEmpty();
      assertThat(zipped.getBodyBytes()).isEqualTo(plain.getBodyBytes()).isEqualTo(NginxEdge.LIST.length());
      assertThat(plain.getWireBytes()).isEqualTo(plain.getBodyBytes());
      assertThat(zipped.getWireBytes()).isPositive().isLessThan(zipped.getBodyBytes());
    }
  }

  @Test
  void theReportedVersionIsReadFromTheDecodedBody() throws Exception {
    try (NginxEdge edge = NginxEdge.start(dir, GZIP_EDGE); Prober gzip = prober(AcceptEncoding.GZIP)) {
      Sample info = gzip.probe(Probes.target(edge.base(), Endpoint.INFO)).build();

      assertThat(info.getContentEncoding()).isEqualTo("gzip");
      assertThat(info.getReportedVersion()).isEqualTo("v1.0.0");
      assertThat(info.getBodyBytes()).isEqualTo(NginxEdge.INFO.length());
    }
  }

  @Test
  void aBrokenGzipBody_isAProtocolError() throws Exception {
    try (var server = TestHttpServer.plain(head -> TestHttpServer.Reply.status(200, "OK",
            "not gzip at all".getBytes(StandardCharsets.UTF_8), "Content-Encoding: gzip"));
        Prober gzip = prober(AcceptEncoding.GZIP)) {
      Sample sample = gzip.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_PROTOCOL);
      assertThat(sample.getContentEncoding()).isEqualTo("gzip");
    }
  }

  static Prober prober(AcceptEncoding encoding) {
    return new Prober(new ProbeSettings(Duration.ofSeconds(5), 1 << 20, false, 2, TrustMaterial.system(),
        "proxywatch-agent/test", encoding, Reach.DIRECT), System::nanoTime);
  }
}
