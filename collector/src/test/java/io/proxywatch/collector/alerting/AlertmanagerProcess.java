package io.proxywatch.collector.alerting;

import static org.awaitility.Awaitility.await;

import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.Ports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on a free loopback port, clustering off,
 * every alert routed to a receiver that sends nothing, and a short resolve_timeout so expiry is observable.
 */
final class AlertmanagerProcess implements AutoCloseable {
  static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(2);
  private static final List<String> CANDIDATES = List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager",
      "/usr/bin/alertmanager");
  private static final String CONFIG = """
      global:
        resolve_timeout: %ds
      route:
        receiver: blackhole
        group_wait: 1s
      receivers:
        - name: blackhole
      """;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ChildProcess process;
  private final URI url;

  private AlertmanagerProcess(ChildProcess process, URI url) {
    this.process = process;
    this.url = url;
  }

  static AlertmanagerProcess start(Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("alertmanager.yml"), CONFIG.formatted(RESOLVE_TIMEOUT.toSeconds()));
    int port = Ports.free();
    Path log = dir.resolve("alertmanager.log");
    ChildProcess process = ChildProcess.start(List.of(binary(), "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address="), log);
    AlertmanagerProcess alertmanager = new AlertmanagerProcess(process, URI.create("http://127.0.0.1:" + port));
    try {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(alertmanager::ready);
    } catch (RuntimeException e) {
      alertmanager.close();
      throw new IllegalStateException("alertmanager did not become ready on port " + port + "; its output:\n" + process.log(), e);
    }
    return alertmanager;
  }

  private static String binary() {
    return CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
        .orElseThrow(() -> new IllegalStateException("Prometheus Alertmanager is not installed (looked for " + CANDIDATES
            + "): run scripts/ensure-deps.sh, or apt-get install -y prometheus-alertmanager"));
  }

  private boolean ready() throws Exception {
    if (!process.alive()) throw new IllegalStateException("alertmanager exited with " + process.exitValue());
    return http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode() == 200;
  }

  URI url() {
    return url;
  }

  /** Alertmanager's own view: GET /api/v2/alerts (it leaves out alerts whose endsAt has passed). */
  List<JsonObject> alerts() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve("/api/v2/alerts?active=true"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    JsonArray alerts = new JsonArray(response.body());
    return alerts.stream().map(JsonObject.class::cast).toList();
  }

  /** The active alerts carrying all these labels. */
  List<JsonObject> active(Map<String, String> labels) throws Exception {
    return alerts().stream()
        .filter(a -> "active".equals(a.getJsonObject("status").getString("state")))
        .filter(a -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(a.getJsonObject("labels").getString(l.getKey()))))
        .toList();
  }

  @Override
  public void close() {
    process.close();
  }
}
