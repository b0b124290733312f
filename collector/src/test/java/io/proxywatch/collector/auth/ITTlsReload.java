package io.proxywatch.collector.auth;

import static io.proxywatch.collector.TestSamples.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.proto.v1.CollectorMessage;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate renewed on disk is served by both ports without a restart; a half-written or mismatched
 * renewal is refused, counted, and the previous certificate stays in use.
 */
class ITTlsReload {
  @TempDir Path dir;

  @Test
  void aRenewedCertificate_isServedOnBothPorts_andABrokenOneIsRefused() throws Exception {
    TestCertificates first = TestCertificates.generate(dir, "first");
    TestCertificates second = TestCertificates.generate(dir, "second");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    install(first.pem(), cert);
    install(first.keyPem(), key);
    CollectorConfig config = CollectorConfig.of(TestDatabase.fresh(), 0, 0).withSecurity(SecurityConfig.open()
        .withTls(cert, key, Optional.empty()).withTlsReload(Duration.ofSeconds(1)));
    try (Collector collector = Collector.start(config)) {
      assertThat(served(collector.grpcPort(), "h2")).isEqualTo(serial(first.pem()));
      assertThat(served(collector.httpPort(), null)).isEqualTo(serial(first.pem()));

      // The certificate renewed but the key not yet: never served, counted once per distinct content.
      install(second.pem(), cert);
      await().atMost(Duration.ofSeconds(60)).until(() -> failures(collector) >= 1);
      Files.writeString(cert, "-----BEGIN CERTIFICATE-----\ntruncated");
      await().atMost(Duration.ofSeconds(60)).until(() -> failures(collector) >= 2);
      assertThat(served(collector.grpcPort(), "h2")).as("still the first").isEqualTo(serial(first.pem()));
      assertThat(served(collector.httpPort(), null)).isEqualTo(serial(first.pem()));

      install(second.pem(), cert);
      install(second.keyPem(), key);
      await().atMost(Duration.ofSeconds(60)).until(() -> serial(first.pem()).equals(served(collector.grpcPort(), "h2")) == false);
      assertThat(served(collector.grpcPort(), "h2")).isEqualTo(serial(second.pem()));
      assertThat(served(collector.httpPort(), null)).isEqualTo(serial(second.pem()));
      assertThat(metric(collector, "proxywatch_tls_certificate_expiry_timestamp_seconds"))
          .isEqualTo(read(second.pem()).getNotAfter().toInstant().getEpochSecond());

      // A real agent stream that trusts only the new certificate gets in.
      try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), second.pem(), "")) {
        client.hello("tokyo-1", "tokyo").next();
        assertThat(client.batch(range("tokyo-1", "tokyo", 1, 3)).next().getAck().getHighestSequence()).isEqualTo(3);
      }
    }
  }

  @Test
  void mutualTls_letsInOnlyAgentsTheClientCaSigned_andAReplacedCaAppliesWithoutARestart() throws Exception {
    TestCertificates server = TestCertificates.generate(dir, "collector");
    TestCertificates tokyo = TestCertificates.generate(dir, "tokyo-agent"); // self-signed: its own CA
    TestCertificates osaka = TestCertificates.generate(dir, "osaka-agent");
    Path clientCa = dir.resolve("client-ca.crt");
    install(tokyo.pem(), clientCa);
    CollectorConfig config = CollectorConfig.of(TestDatabase.fresh(), 0, 0).withSecurity(SecurityConfig.open()
        .withTls(server.pem(), server.keyPem(), Optional.of(clientCa)).withTlsReload(Duration.ofSeconds(1)));
    try (Collector collector = Collector.start(config)) {
      assertThat(streams(collector, server, tokyo)).as("signed by the client CA").isTrue();
      assertThat(streams(collector, server, osaka)).as("signed by another CA").isFalse();
      try (TestAgentClient anonymous = new TestAgentClient(collector.grpcPort(), server.pem(), "")) {
        assertThat(anonymous.hello("tokyo-1", "tokyo").closedWith().getCode()).as("no client certificate")
            .isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
      }

      install(osaka.pem(), clientCa);
      await().atMost(Duration.ofSeconds(60)).until(() -> streams(collector, server, osaka));
      assertThat(streams(collector, server, tokyo)).as("its CA is no longer trusted").isFalse();
    }
  }

  /** Whether an agent presenting {@code client} gets a Welcome on a fresh mutual-TLS stream. */
  private static boolean streams(Collector collector, TestCertificates server, TestCertificates client) throws Exception {
    try (TestAgentClient agent = new TestAgentClient(collector.grpcPort(), server.pem(), client.pem(), client.keyPem(), "")) {
      CollectorMessage first = agent.hello("tokyo-1", "tokyo").nextUnlessClosed();
      return first != null && first.hasWelcome();
    }
  }

  @Test
  @SuppressWarnings("try") // the collector must not start at all
  void aKeyThatIsNotTheCertificates_stopsTheStart() throws Exception {
    TestCertificates first = TestCertificates.generate(dir, "first");
    TestCertificates second = TestCertificates.generate(dir, "second");
    CollectorConfig config = CollectorConfig.of(TestDatabase.fresh(), 0, 0)
        .withSecurity(SecurityConfig.open().withTls(first.pem(), second.keyPem(), Optional.empty()));
    try (Collector ignored = Collector.start(config)) {
      throw new AssertionError("started with a key that does not belong to its certificate");
    } catch (java.security.GeneralSecurityException e) {
      assertThat(e).hasMessageContaining("the private key does not belong to the certificate CN=first");
    }
  }

  /** Replaces a file the way the kubelet does: the new content appears at once. */
  private void install(Path from, Path to) throws Exception {
    Path tmp = Files.copy(from, dir.resolve(to.getFileName() + ".tmp"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The serial number of the certificate a fresh TLS handshake on the port is given. */
  private static BigInteger served(int port, String alpn) throws Exception {
    X509Certificate[][] seen = new X509Certificate[1][];
    X509TrustManager recorder = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen[0] = chain;
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {recorder}, null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      if (alpn != null) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {alpn});
        socket.setSSLParameters(parameters);
      }
      socket.setSoTimeout(5000);
      socket.startHandshake();
    }
    return seen[0][0].getSerialNumber();
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static BigInteger serial(Path pem) throws Exception {
    return read(pem).getSerialNumber();
  }

  private static double failures(Collector collector) throws Exception {
    return metric(collector, "proxywatch_tls_reload_failures_total");
  }

  /** A metric's value from /metrics, fetched over the collector's own TLS (trusting whatever it serves). */
  private static double metric(Collector collector, String name) throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    String body = HttpClient.newBuilder().sslContext(trustAll).build().send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + collector.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
    if (!m.find()) throw new AssertionError(name + " not in /metrics");
    return Double.parseDouble(m.group(1));
  }
}
