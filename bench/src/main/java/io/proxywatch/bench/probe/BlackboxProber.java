package io.proxywatch.bench.probe;

import java.util.List;
import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.Ports;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's prometheus-blackbox-exporter as a process, http prober (a new HTTP client, so a fresh connection and
 * TLS handshake, per probe), driven through /probe by {@code concurrency} scrapers. It does not expose the
 * response headers, so the server's actual wait per probe is unknown (NaN).
 */
final class BlackboxProber implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-blackbox-exporter");
  private static final Pattern PROCESSING = Pattern.compile("probe_http_duration_seconds\\{phase=\"processing\"} ([0-9.e+-]+)");
  private final ChildProcess process;
  private final int port;
  private final String target;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  BlackboxProber(Path dir, Path ca, String target) throws Exception {
    Path config = dir.resolve("blackbox.yml");
    Files.writeString(config, "modules:\n  http_fresh:\n    prober: http\n    timeout: 10s\n    http:\n"
        + "      method: GET\n      preferred_ip_protocol: ip4\n      ip_protocol_fallback: false\n"
        + "      headers:\n        Accept-Encoding: identity\n      tls_config:\n        ca_file: " + ca + "\n");
    port = Ports.free();
    process = ChildProcess.start(List.of(BINARY.toString(), "--config.file=" + config, "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"), dir.resolve("blackbox.log"));
    this.target = target;
    waitReady();
  }

  private void waitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("blackbox_exporter did not start; see blackbox.log");
  }

  CurlProber.Result run(int concurrency, double seconds) throws Exception {
    URI probe = URI.create("http://127.0.0.1:" + port + "/probe?module=http_fresh&target="
        + URLEncoder.encode(target, StandardCharsets.UTF_8));
    return CurlProber.saturate(concurrency, seconds, () -> {
      String body = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = PROCESSING.matcher(body);
      if (!body.contains("probe_success 1") || !m.find()) throw new IllegalStateException(body);
      return new double[] {Double.parseDouble(m.group(1)) * 1e6, Double.NaN};
    });
  }

  @Override
  public void close() {
    process.close();
  }
}
