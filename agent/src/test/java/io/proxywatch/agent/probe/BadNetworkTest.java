package io.proxywatch.agent.probe;

import static io.proxywatch.agent.probe.TestHttpServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.testkit.FaultyTcpProxy;
import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.testkit.FaultyTcpProxy.Fault;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network conditions the Go proxy report measured, made on 127.0.0.1 with {@link FaultyTcpProxy} and
 * hostile servers: each probe must end within its timeout (plus scheduling slack on a busy machine) with
 * the error class of the phase that failed.
 */
class BadNetworkTest {
  static final Duration TIMEOUT = Duration.ofMillis(1000);
  static final long SLACK_MILLIS = 1500;
  static final byte[] BODY = new byte[8 * 1024];

  @TempDir
  static Path dir;
  static TestHttpServer origin;
  static TestCertificates certificates;

  @BeforeAll
  static void origin() throws Exception {
    new Random(1).nextBytes(BODY);
    origin = TestHttpServer.plain(head -> head.startsWith("HEAD") ? Reply.status(200, "OK", BODY).headOnly()
        : Reply.status(200, "OK", BODY, "ETag: \"e\""));
    certificates = TestCertificates.generate(dir);
  }

  @AfterAll
  static void stop() throws IOException {
    origin.close();
  }

  @Test
  void fortyPercentLoss_slowsProbesDown_butEachEndsInTime_andBodiesArriveIntact() throws Exception {
    try (var proxy = new FaultyTcpProxy(port(origin), 42, Fault.loss(0.4));
        var prober = prober("http://127.0.0.1:" + proxy.port(), Duration.ofSeconds(4))) {
      List<Sample> samples = concurrently(12, () -> timed(prober, Endpoint.MOD, Duration.ofSeconds(4)));

      byte[] hash = MessageDigest.getInstance("SHA-256").digest(BODY);
      List<Sample> ok = samples.stream().filter(s -> s.getErrorClass() == ErrorClass.ERROR_CLASS_NONE).toList();
      assertThat(ok).hasSizeGreaterThanOrEqualTo(samples.size() / 2);
      assertThat(ok).allSatisfy(s -> assertThat(s.getContentSha256().toByteArray()).isEqualTo(hash));
      assertThat(samples).allSatisfy(s -> assertThat(s.getErrorClass())
          .isIn(ErrorClass.ERROR_CLASS_NONE, ErrorClass.ERROR_CLASS_TIMEOUT));
      assertThat(samples.stream().mapToLong(s -> s.getTimings().getTotalMicros()).max().orElseThrow())
          .isGreaterThan(200_000); // at least one retransmission-like pause was felt
    }
  }

  @Test
  void aStallAfterTheHeaders_timesOutReadingTheBody() throws Exception {
    try (var proxy = new FaultyTcpProxy(port(origin), 1, Fault.stallAfter(200));
        var prober = prober("http://127.0.0.1:" + proxy.port(), TIMEOUT)) {
      Sample sample = timed(prober, Endpoint.MOD, TIMEOUT);

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
      assertThat(sample.getErrorMessage()).isEqualTo("timeout after 1000 ms reading body");
      assertThat(sample.getHttpStatus()).isEqualTo(200);
    }
  }

  @Test
  void aTricklingBody_timesOutAtTheDeadline_althoughBytesKeepComing() throws Exception {
    try (var proxy = new FaultyTcpProxy(port(origin), 1, Fault.trickle(64, 50)); // 8 KiB would take 6.4 s
        var prober = prober("http://127.0.0.1:" + proxy.port(), TIMEOUT)) {
      Sample sample = timed(prober, Endpoint.MOD, TIMEOUT);

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
      assertThat(sample.getErrorMessage()).isIn("timeout after 1000 ms reading body",
          "timeout after 1000 ms waiting for first byte");
      assertThat(sample.getBodyBytes()).isLessThan(BODY.length);
    }
  }

  @Test
  void tricklingHeaders_timeOutBeforeTheFirstByteIsRecorded() throws Exception {
    String headers = "HTTP/1.1 200 OK\r\n" + "X-Slow: a\r\n".repeat(300) + "Content-Length: 0\r\nConnection: close\r\n\r\n";
    try (var slow = TestHttpServer.plain(head -> Reply.raw(headers));
        var proxy = new FaultyTcpProxy(port(slow), 1, Fault.trickle(16, 50));
        var prober = prober("http://127.0.0.1:" + proxy.port(), TIMEOUT)) {
      Sample sample = timed(prober, Endpoint.MOD, TIMEOUT);

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
      assertThat(sample.getErrorMessage()).isEqualTo("timeout after 1000 ms waiting for first byte");
      assertThat(sample.getTimings().hasTtfbMicros()).isFalse();
    }
  }

  @Test
  void aResetMidBody_isAProtocolError_andAResetBeforeTheResponse_aConnectError() throws Exception {
    try (var midBody = new FaultyTcpProxy(port(origin), 1, Fault.resetAfter(1000));
        var onRequest = new FaultyTcpProxy(port(origin), 1, Fault.resetOnRequest());
        var p1 = prober("http://127.0.0.1:" + midBody.port(), TIMEOUT);
        var p2 = prober("http://127.0.0.1:" + onRequest.port(), TIMEOUT)) {
      Sample truncated = timed(p1, Endpoint.MOD, TIMEOUT);
      Sample reset = timed(p2, Endpoint.MOD, TIMEOUT);

      assertThat(truncated.getErrorClass()).as(truncated.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_PROTOCOL);
      assertThat(truncated.getHttpStatus()).isEqualTo(200);
      assertThat(truncated.getBodyBytes()).isPositive().isLessThan(BODY.length);
      assertThat(reset.getErrorClass()).as(reset.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_CONNECT);
    }
  }

  @Test
  void binaryGarbage_andThousandsOfHeaders_areHttpErrors() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    String manyHeaders = "HTTP/1.1 200 OK\r\n" + "X-H: 0123456789012345678901234567890123456789\r\n".repeat(10_000) + "\r\n";
    try (var noise = new FaultyTcpProxy(port(origin), 1, Fault.answer("garbage", garbage));
        var headers = TestHttpServer.plain(head -> Reply.raw(manyHeaders));
        var p1 = prober("http://127.0.0.1:" + noise.port(), TIMEOUT);
        var p2 = prober(headers.base(), TIMEOUT)) {
      Sample a = timed(p1, Endpoint.MOD, TIMEOUT);
      Sample b = timed(p2, Endpoint.MOD, TIMEOUT);

      assertThat(a.getErrorClass()).as(a.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_HTTP);
      assertThat(b.getErrorClass()).as(b.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_HTTP);
    }
  }

  @Test
  void anUnresolvableName_isADnsError() {
    try (var prober = prober("http://nonexistent.invalid", TIMEOUT)) {
      Sample sample = timed(prober, Endpoint.MOD, TIMEOUT);

      assertThat(sample.getErrorClass()).isIn(ErrorClass.ERROR_CLASS_DNS, ErrorClass.ERROR_CLASS_TIMEOUT);
      if (sample.getErrorClass() == ErrorClass.ERROR_CLASS_TIMEOUT) {
        assertThat(sample.getErrorMessage()).endsWith("resolving DNS"); // a resolver that does not answer
      } else {
        assertThat(sample.getErrorMessage()).contains("nonexistent.invalid");
      }
      assertThat(sample.getTimings().hasConnectMicros()).isFalse();
    }
  }

  @Test
  void plainHttpOnTheTlsPort_isATlsError() throws Exception {
    try (var plain = TestHttpServer.plain(head -> Reply.status(400, "Bad Request", new byte[0]));
        var raw = new FaultyTcpProxy(port(plain), 1, Fault.answer("plain http",
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        var prober = prober("https://127.0.0.1:" + raw.port(), TIMEOUT)) {
      Sample sample = timed(prober, Endpoint.MOD, TIMEOUT);

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_TLS);
      assertThat(sample.getTimings().hasConnectMicros()).isTrue();
    }
  }

  @Test
  void aTlsServerThatNeverAnswers_timesOutInTheHandshake_andOneThatHangsUp_isATlsError() throws Exception {
    try (var silent = new FaultyTcpProxy(port(origin), 1, Fault.blackhole());
        var hangUp = new FaultyTcpProxy(port(origin), 1, Fault.answer("hang up", new byte[0]));
        var p1 = prober("https://127.0.0.1:" + silent.port(), TIMEOUT);
        var p2 = prober("https://127.0.0.1:" + hangUp.port(), TIMEOUT)) {
      Sample stalled = timed(p1, Endpoint.MOD, TIMEOUT);
      Sample closed = timed(p2, Endpoint.MOD, TIMEOUT);

      assertThat(stalled.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
      assertThat(stalled.getErrorMessage()).isEqualTo("timeout after 1000 ms in TLS handshake");
      assertThat(closed.getErrorClass()).as(closed.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_TLS);
    }
  }

  @Test
  void aCertificateForAnotherName_isATlsError_evenWhenItsIssuerIsTrusted() throws Exception {
    TestCertificates elsewhere = TestCertificates.generate(dir, "elsewhere", "dns:proxy.example.org");
    try (var server = TestHttpServer.tls(elsewhere.serverContext(), head -> Reply.ok("x"));
        var prober = new BoundProber(new Prober(Probes.settings(TIMEOUT, 1 << 20,
            TrustMaterial.withExtra(elsewhere.pem())), System::nanoTime), server.base())) {
      Sample sample = timed(prober, Endpoint.MOD, TIMEOUT);

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TLS);
      assertThat(sample.getErrorMessage()).contains("127.0.0.1");
    }
  }

  @Test
  void aFullAcceptQueue_timesOutConnecting() throws Exception {
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> filling = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) filling.add(connectOrNull(full.getLocalPort()));
        try (var prober = prober("http://127.0.0.1:" + full.getLocalPort(), TIMEOUT)) {
          Sample sample = timed(prober, Endpoint.MOD, TIMEOUT);

          assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
          assertThat(sample.getErrorMessage()).isEqualTo("timeout after 1000 ms connecting");
        }
      } finally {
        for (Socket s : filling) if (s != null) s.close();
      }
    }
  }

  private static Socket connectOrNull(int port) {
    Socket socket = new Socket();
    try {
      socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
      return socket;
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to release
      }
      return null;
    }
  }

  /** Probes once and checks the probe ended within its timeout plus slack. */
  static Sample timed(BoundProber prober, Endpoint endpoint, Duration timeout) {
    long start = System.nanoTime();
    Sample sample = prober.prober().probe(Probes.target(prober.base(), endpoint)).build();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).as("%s took %d ms", sample.getErrorMessage(), millis).isLessThan(timeout.toMillis() + SLACK_MILLIS);
    return sample;
  }

  private static List<Sample> concurrently(int n, java.util.concurrent.Callable<Sample> probe) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Sample>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) futures.add(pool.submit(probe));
      List<Sample> out = new ArrayList<>();
      for (Future<Sample> f : futures) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  static BoundProber prober(String base, Duration timeout) {
    return new BoundProber(new Prober(Probes.settings(timeout, 1 << 20, TrustMaterial.withExtra(certificates.pem())),
        System::nanoTime), base);
  }

  /** A prober and the proxy its targets are below. */
  record BoundProber(Prober prober, String base) implements AutoCloseable {
    @Override
    public void close() {
      prober.close();
    }
  }

  static int port(TestHttpServer server) {
    return Integer.parseInt(server.base().replaceAll(".*:", ""));
  }
}
