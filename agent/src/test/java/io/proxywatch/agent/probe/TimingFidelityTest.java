package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Timings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares the agent's phase timings with curl's against the same local server, which waits
 * {@value #DELAY_MS} ms after reading the request before its first byte. Probes alternate agent / curl so
 * both see the same machine load. A long-running agent is measured in steady state, so the JVM is first
 * warmed up with {@value #WARMUP} undelayed probes (the first probes after start-up are a few ms slower
 * while the JIT compiles OkHttp and JSSE); they are not counted.
 *
 * <p>Tolerance: the agent's bias, |min(agent) - min(curl)| of time to first byte over {@value #ROUNDS} pairs,
 * must stay within {@value #HTTP_TOLERANCE_MS} ms for http and {@value #HTTPS_TOLERANCE_MS} ms for https. Both
 * clients wait for the same server-side sleep, so what differs is client-side cost: OkHttp's call set-up and its
 * hand-off of the TCP connect to a fast-fallback thread (~0.5 ms), header parsing, and for https JSSE's handshake
 * against OpenSSL's (a few ms of CPU on this 2-core machine). The machine may be shared with other builds (a fresh
 * clone's suite failed here on the difference of medians over 10 pairs at a load average of 29): load only ever
 * adds time, to either side, so each client's fastest probe is the one least disturbed and the difference of
 * minima is what measures a systematic bias. The medians and the pairwise |agent - curl| are printed for the record.
 */
class TimingFidelityTest {
  static final long DELAY_MS = 200;
  static final int WARMUP = 100;
  static final int ROUNDS = 20;
  static final double HTTP_TOLERANCE_MS = 5;
  static final double HTTPS_TOLERANCE_MS = 10;
  static final Path CURL = Path.of("/usr/bin/curl");

  static final TestCertificates certificates = TestCertificates.temporary();

  @Test
  void http_timeToFirstByteMatchesCurl() throws Exception {
    try (var server = TestHttpServer.plain(TimingFidelityTest::delayedInfo)) {
      compare("http", server, TrustMaterial.system(), List.of(), HTTP_TOLERANCE_MS);
    }
  }

  @Test
  void https_timeToFirstByteMatchesCurl() throws Exception {
    try (var server = TestHttpServer.tls(certificates.serverContext(), TimingFidelityTest::delayedInfo)) {
      compare("https", server, TrustMaterial.withExtra(certificates.pem()),
          List.of("--cacert", certificates.pem().toString()), HTTPS_TOLERANCE_MS);
    }
  }

  private static TestHttpServer.Reply delayedInfo(String head) {
    var reply = TestHttpServer.Reply.ok("{\"Version\":\"v1.0.0\"}", "Content-Type: application/json");
    return head.contains("/warmup/") ? reply : reply.delayed(DELAY_MS);
  }

  private static void compare(String scheme, TestHttpServer server, TrustMaterial trust, List<String> curlArgs,
      double toleranceMs) throws Exception {
    assertThat(Files.isExecutable(CURL)).as("curl is the reference and must be installed (scripts/ensure-deps.sh does)")
        .isTrue();
    ProbeTarget target = Probes.target(server.base(), Endpoint.INFO);
    ProbeTarget warmup = new ProbeTarget(server.base(), "example.com/warmup", "v1.0.0", Endpoint.INFO);
    List<long[]> agent = new ArrayList<>();
    List<long[]> curl = new ArrayList<>();
    try (var prober = new Prober(Probes.settings(Duration.ofSeconds(10), 1 << 20, trust),
        System::nanoTime)) {
      for (int i = 0; i < WARMUP; i++) {
        agentTimes(prober, warmup, scheme);
      }
      curlTimes(warmup.url(), curlArgs);
      for (int i = 0; i < ROUNDS; i++) {
        agent.add(agentTimes(prober, target, scheme));
        curl.add(curlTimes(target.url(), curlArgs));
      }
    }
    report(scheme, "connect", agent, curl, 1);
    report(scheme, "tls", agent, curl, 2);
    report(scheme, "total", agent, curl, 4);
    report(scheme, "ttfb", agent, curl, 3);
    double bias = Math.abs(minOf(agent, 3) - minOf(curl, 3));
    System.out.printf("timing-fidelity: %s ttfb bias |min(agent)-min(curl)|=%.3f ms (medians differ by %.3f ms)%n",
        scheme, bias, Math.abs(medianOf(agent, 3) - medianOf(curl, 3)));
    for (int i = 0; i < ROUNDS; i++) {
      assertThat(agent.get(i)[3]).as("agent ttfb").isGreaterThanOrEqualTo(DELAY_MS * 1000);
      assertThat(curl.get(i)[3]).as("curl ttfb").isGreaterThanOrEqualTo(DELAY_MS * 1000);
    }
    assertThat(bias).as("|min(agent) - min(curl)| ttfb, ms").isLessThanOrEqualTo(toleranceMs);
  }

  /** connect, tls (0 when absent), ttfb, total in µs; checks phase presence and order. */
  private static long[] agentTimes(Prober prober, ProbeTarget target, String scheme) {
    var sample = prober.probe(target).build();
    assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
    Timings t = sample.getTimings();
    assertThat(t.hasConnectMicros()).isTrue();
    assertThat(t.hasTlsMicros()).isEqualTo(scheme.equals("https"));
    long tls = t.hasTlsMicros() ? t.getTlsMicros() : t.getConnectMicros();
    assertThat(t.getConnectMicros()).isLessThanOrEqualTo(tls);
    assertThat(tls).isLessThanOrEqualTo(t.getTtfbMicros());
    assertThat(t.getTtfbMicros()).isLessThanOrEqualTo(t.getTotalMicros());
    return new long[] {0, t.getConnectMicros(), t.hasTlsMicros() ? t.getTlsMicros() : 0, t.getTtfbMicros(),
        t.getTotalMicros()};
  }

  /** time_namelookup, time_connect, time_appconnect, time_starttransfer, time_total in µs. */
  private static long[] curlTimes(String url, List<String> extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CURL.toString(), "-s", "-o", "/dev/null", "-w",
        "%{time_namelookup} %{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total}"));
    command.addAll(extra);
    command.add(url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor()).as("curl: " + out).isZero();
    return Arrays.stream(out.split(" ")).mapToLong(s -> Math.round(Double.parseDouble(s) * 1_000_000)).toArray();
  }

  /** Prints the median and max of |agent - curl| for one phase, in ms. */
  private static void report(String scheme, String phase, List<long[]> agent, List<long[]> curl, int index) {
    double[] diffs = new double[agent.size()];
    for (int i = 0; i < diffs.length; i++) {
      diffs[i] = Math.abs(agent.get(i)[index] - curl.get(i)[index]) / 1000.0;
    }
    Arrays.sort(diffs);
    double median = (diffs[(diffs.length - 1) / 2] + diffs[diffs.length / 2]) / 2;
    double max = diffs[diffs.length - 1];
    System.out.printf("timing-fidelity: %s %s |agent-curl| median=%.3f ms max=%.3f ms (n=%d, agent median=%.3f ms,"
        + " curl median=%.3f ms)%n", scheme, phase, median, max, diffs.length, medianOf(agent, index),
        medianOf(curl, index));
  }

  private static double minOf(List<long[]> runs, int index) {
    return runs.stream().mapToDouble(r -> r[index] / 1000.0).min().orElseThrow();
  }

  private static double medianOf(List<long[]> runs, int index) {
    double[] values = runs.stream().mapToDouble(r -> r[index] / 1000.0).sorted().toArray();
    return (values[(values.length - 1) / 2] + values[values.length / 2]) / 2;
  }
}
