package io.proxywatch.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.proxywatch.agent.Agent;
import io.proxywatch.agent.AgentConfig;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real collector on a real database and a real agent with its metrics port, probing a local stand-in proxy
 * (200 for .info, 404 for .mod): what both /metrics serve, checked by promtool and against the list of metrics
 * the Helm chart's dashboard and rules use (helm/src/test/resources/exported-metrics.txt).
 */
class ITMetrics {
  static final HttpClient http = HttpClient.newHttpClient();
  static final Path EXPORTED = Path.of("..", "helm", "src", "test", "resources", "exported-metrics.txt");
  static HttpServer proxy;
  static Collector collector;
  static Agent agent;

  @BeforeAll
  static void start() throws Exception {
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", exchange -> {
      boolean info = exchange.getRequestURI().getPath().endsWith(".info");
      byte[] body = (info ? "{\"Version\":\"v1.0.0\"}" : "not found").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(info ? 200 : 404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    proxy.start();
    collector = Collector.start(CollectorConfig.of(TestDatabase.fresh(), 0, 0));
    agent = Agent.start(AgentConfig.builder().region("tokyo").agentId("metrics-tokyo")
        .collector("127.0.0.1:" + collector.grpcPort()).proxy("http://127.0.0.1:" + proxy.getAddress().getPort())
        .module("example.com/hello@v1.0.0").endpoints(Endpoint.INFO, Endpoint.MOD).interval(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(5)).stateDir(Files.createTempDirectory("proxywatch-metrics-"))
        .metrics("127.0.0.1", 0).build());
    await().atMost(Duration.ofSeconds(30)).until(() -> collectorMetrics().contains("outcome=\"http_4xx\""));
  }

  @AfterAll
  static void stop() {
    if (agent != null) agent.close();
    if (collector != null) collector.close();
    if (proxy != null) proxy.stop(0);
  }

  @Test
  void collector_countsStoredProbesByBoundedLabels_neverAModuleOrUrl() throws Exception {
    String text = collectorMetrics();
    assertThat(text).containsPattern("proxywatch_probes_total\\{endpoint=\"info\",outcome=\"ok\",proxy=\"default\",region=\"tokyo\"} [1-9]")
        .containsPattern("proxywatch_probes_total\\{endpoint=\"mod\",outcome=\"http_4xx\",proxy=\"default\",region=\"tokyo\"} [1-9]")
        .contains("proxywatch_probe_ttfb_seconds_bucket{endpoint=\"info\",outcome=\"ok\",proxy=\"default\",region=\"tokyo\",le=\"0.005\"}")
        .contains("proxywatch_episodes_open{kind=\"content\",state=\"firing\"} 0")
        .contains("proxywatch_leader ").contains("hikaricp_connections").contains("jvm_memory_used_bytes")
        .doesNotContain("example.com").doesNotContain("http://");
  }

  @Test
  void agent_servesItsProbesSpoolAndAckAge() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> !agentMetrics().contains("proxywatch_agent_last_ack_age_seconds NaN"));
    String text = agentMetrics();
    assertThat(text).containsPattern("proxywatch_agent_probes_total\\{endpoint=\"info\",outcome=\"ok\",proxy=\"default\",region=\"tokyo\"} [1-9]")
        .contains("proxywatch_agent_spool_samples ").contains("proxywatch_agent_spool_bytes ")
        .contains("proxywatch_agent_samples_dropped_total 0.0").contains("proxywatch_agent_probe_ttfb_seconds_bucket")
        .containsPattern("proxywatch_agent_last_ack_age_seconds [0-9]").doesNotContain("example.com");
    assertThat(get(agentUrl("/healthz")).statusCode()).isEqualTo(200);
    assertThat(get(agentUrl("/nothing")).statusCode()).isEqualTo(404);
  }

  @Test
  void promtool_reportsNothingForEitherMetricsPage() throws Exception {
    assertThat(promtool(collectorMetrics())).isEmpty();
    assertThat(promtool(agentMetrics())).isEmpty();
  }

  @Test
  void agentsApi_showsTheCountersTheAgentSendsInItsStream() {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      JsonObject stats = new JsonObject(get(URI.create("http://127.0.0.1:" + collector.httpPort() + "/api/v1/agents")).body())
          .getJsonArray("agents").getJsonObject(0).getJsonObject("stats");
      assertThat(stats).isNotNull();
      assertThat(stats.getLong("probes_done")).isPositive();
      assertThat(stats.getLong("samples_dropped")).isZero();
      assertThat(stats.getLong("spool_bytes")).isPositive();
      assertThat(stats.getValue("last_ack_age_seconds")).isNotNull();
    });
  }

  /** The list the chart's dashboard and rules are checked against (HelmMetricsTest) holds only what is served. */
  @Test
  void everyMetricTheChartUses_isExported() throws Exception {
    Set<String> served = names(collectorMetrics() + agentMetrics());
    List<String> used = Files.readAllLines(EXPORTED).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.endsWith("[tls]")).toList();
    assertThat(used).isNotEmpty();
    assertThat(served).containsAll(used);
  }

  static Set<String> names(String exposition) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(exposition);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  static String promtool(String exposition) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    process.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  static String collectorMetrics() throws Exception {
    return get(URI.create("http://127.0.0.1:" + collector.httpPort() + "/metrics")).body();
  }

  static String agentMetrics() throws Exception {
    return get(agentUrl("/metrics")).body();
  }

  static URI agentUrl(String path) {
    return URI.create("http://127.0.0.1:" + agent.metricsAddress().orElseThrow().getPort() + path);
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
