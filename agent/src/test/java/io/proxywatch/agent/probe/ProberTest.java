package io.proxywatch.agent.probe;

import static io.proxywatch.agent.probe.TestHttpServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.testkit.Ports;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProberTest {
  @Test
  void get_hashesTheBodyAndRecordsHeaders() throws Exception {
    byte[] body = "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
    try (var server = TestHttpServer.plain(head -> Reply.status(200, "OK", body, "ETag: W/\"abc\"",
            "Cache-Control: public, max-age=10800", "Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT",
            "Content-Type: application/json", "Age: 42", "X-Served-By: cache-nrt1", "Via: 1.1 varnish",
            "X-Cache: HIT"));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.INFO)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getMethod()).isEqualTo("GET");
      assertThat(sample.getTarget().getProxy()).isEqualTo(server.base());
      assertThat(sample.getHttpStatus()).isEqualTo(200);
      assertThat(sample.getContentSha256().toByteArray()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
      assertThat(sample.getBodyBytes()).isEqualTo(body.length);
      assertThat(sample.getContentLength()).isEqualTo(body.length);
      assertThat(sample.getEtag()).isEqualTo("W/\"abc\"");
      assertThat(sample.getCacheControl()).isEqualTo("public, max-age=10800");
      assertThat(sample.getLastModified()).isEqualTo("Mon, 01 Jan 2024 00:00:00 GMT");
      assertThat(sample.getContentType()).isEqualTo("application/json");
      assertThat(sample.getAgeSeconds()).isEqualTo(42);
      assertThat(sample.getEdge()).isEqualTo("cache-nrt1");
      assertThat(sample.getCacheStatus()).isEqualTo("HIT");
      assertThat(sample.getHttpProtocol()).isEqualTo("http/1.1");
      assertThat(sample.getTlsVersion()).isEmpty();
      assertThat(sample.getRemoteAddress()).isEqualTo("127.0.0.1:" + server.base().replaceAll(".*:", ""));
      assertThat(sample.getTarget().getUrl()).isEqualTo(server.base() + "/example.com/hello/@v/v1.0.0.info");
      assertThat(server.requests().get(0)).startsWith("GET /example.com/hello/@v/v1.0.0.info HTTP/1.1\r\n")
          .containsIgnoringCase("Accept-Encoding: gzip");
    }
  }

  @Test
  void zip_isProbedWithHead() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.status(200, "OK", new byte[1000], "ETag: \"e\"").headOnly());
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.ZIP)).build();

      assertThat(server.requests().get(0)).startsWith("HEAD /example.com/hello/@v/v1.0.0.zip HTTP/1.1");
      assertThat(sample.getMethod()).isEqualTo("HEAD");
      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getContentLength()).isEqualTo(1000);
      assertThat(sample.getBodyBytes()).isZero();
      assertThat(sample.getContentSha256().isEmpty()).isTrue();
      assertThat(sample.getEtag()).isEqualTo("\"e\"");
    }
  }

  @Test
  void redirect_isRecordedWithLocationAndNotFollowed() throws Exception {
    String location = "https://storage.example.com/mod.zip?sig=abc";
    try (var server = TestHttpServer.plain(head -> Reply.status(302, "Found", new byte[0], "Location: " + location));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getHttpStatus()).isEqualTo(302);
      assertThat(sample.getLocation()).isEqualTo(location);
      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void notFound_isRecordedAsAResponse() throws Exception {
    byte[] body = "not found: unknown revision v1.0.0".getBytes(StandardCharsets.UTF_8);
    try (var server = TestHttpServer.plain(head -> Reply.status(404, "Not Found", body, "Cache-Control: public, max-age=1798"));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.LATEST)).build();

      assertThat(server.requests().get(0)).startsWith("GET /example.com/hello/@latest HTTP/1.1");
      assertThat(sample.getHttpStatus()).isEqualTo(404);
      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getContentSha256().toByteArray()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    }
  }

  @Test
  void bodyOverMaxBody_isAProtocolError() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.status(200, "OK", new byte[100_000]));
        var prober = new Prober(Probes.settings(Duration.ofSeconds(5), 50_000, TrustMaterial.system()),
            System::nanoTime)) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.LIST)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_PROTOCOL);
      assertThat(sample.getErrorMessage()).isEqualTo("body exceeds --max-body of 50000 bytes");
      assertThat(sample.getHttpStatus()).isEqualTo(200);
      assertThat(sample.getContentSha256().isEmpty()).isTrue();
    }
  }

  @Test
  void truncatedBody_isAProtocolError() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort"));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_PROTOCOL);
      assertThat(sample.getBodyBytes()).isEqualTo(5);
    }
  }

  @Test
  void garbageStatusLine_isAnHttpError() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.raw("SSH-2.0-OpenSSH_9.2\r\nConnection: close\r\n\r\n"));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_HTTP);
      assertThat(sample.getErrorMessage()).contains("SSH-2.0");
      assertThat(sample.getHttpStatus()).isZero();
      assertThat(sample.getTimings().hasConnectMicros()).isTrue();
      assertThat(sample.getTimings().hasTtfbMicros()).isFalse();
    }
  }

  @Test
  void headersTooLarge_isAnHttpError() throws Exception {
    String huge = "HTTP/1.1 200 OK\r\nX-Padding: " + "a".repeat(300_000) + "\r\nConnection: close\r\n\r\n";
    try (var server = TestHttpServer.plain(head -> Reply.raw(huge));
        var prober = Probes.prober()) {
      assertThat(prober.probe(Probes.target(server.base(), Endpoint.MOD)).build().getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_HTTP);
    }
  }

  @Test
  void anEmptyReply_isAnHttpError() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.nothing());
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_HTTP);
      assertThat(sample.getErrorMessage()).contains("unexpected end of stream");
    }
  }

  @Test
  void closedPort_isAConnectError() throws Exception {
    int port = Ports.free();
    try (var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target("http://127.0.0.1:" + port, Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_CONNECT);
      assertThat(sample.getErrorMessage()).contains("Failed to connect");
      assertThat(sample.getRemoteAddress()).isEqualTo("127.0.0.1:" + port);
      assertThat(sample.getTimings().hasConnectMicros()).isFalse();
      assertThat(sample.getTimings().hasTotalMicros()).isTrue();
    }
  }

  @Test
  void stalledServer_timesOutNamingThePhase() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.stalled());
        var prober = new Prober(Probes.settings(Duration.ofMillis(500), 1 << 20, TrustMaterial.system()),
            System::nanoTime)) {
      long start = System.nanoTime();
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.INFO)).build();
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
      assertThat(sample.getErrorMessage()).isEqualTo("timeout after 500 ms waiting for first byte");
      assertThat(elapsedMillis).isBetween(500L, 2_000L);
      assertThat(sample.getTimings().hasTtfbMicros()).isFalse();
    }
  }

  @Test
  void slowBody_timesOutReadingBody() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.stalledAfter("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab"));
        var prober = new Prober(Probes.settings(Duration.ofMillis(500), 1 << 20, TrustMaterial.system()),
            System::nanoTime)) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.INFO)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
      assertThat(sample.getErrorMessage()).isEqualTo("timeout after 500 ms reading body");
      assertThat(sample.getHttpStatus()).isEqualTo(200);
      assertThat(sample.getTimings().hasTtfbMicros()).isTrue();
    }
  }

  @Test
  void headerValues_areCappedAt1024Characters() throws Exception {
    String huge = "x".repeat(5000);
    try (var server = TestHttpServer.plain(head -> Reply.ok("m", "ETag: \"" + huge + "\"", "Via: " + huge));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getEtag()).hasSize(1024);
      assertThat(sample.getEdge()).hasSize(1024);
    }
  }

  @Test
  void capitalLetters_areSentAsPercentEncodedBang() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.ok("v1.0.0\n"));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(new ProbeTarget(server.base(), "github.com/Azure/go-widget", "", Endpoint.LIST)).build();

      assertThat(server.requests().get(0)).startsWith("GET /github.com/%21azure/go-widget/@v/list HTTP/1.1\r\n");
      assertThat(sample.getTarget().getUrl()).endsWith("/github.com/%21azure/go-widget/@v/list");
      assertThat(sample.getTarget().getModule()).isEqualTo("github.com/Azure/go-widget");
    }
  }
}
