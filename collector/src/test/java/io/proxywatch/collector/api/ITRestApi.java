package io.proxywatch.collector.api;

import static io.proxywatch.collector.TestSamples.range;
import static io.proxywatch.collector.TestSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST API over samples stored through real ingest in a real TimescaleDB. */
class ITRestApi {
  static final HttpClient http = HttpClient.newHttpClient();
  static Collector collector;

  @BeforeAll
  static void seed() throws Exception {
    collector = Collector.start(CollectorConfig.of(TestDatabase.fresh(), 0, 0));
    send("tokyo-1", "tokyo", range("tokyo-1", "tokyo", 1, 250));
    List<Sample> frankfurt = new ArrayList<>(range("frankfurt-1", "frankfurt", 1, 40));
    frankfurt.add(sample("frankfurt-1", "frankfurt", 41).toBuilder().setHttpStatus(0)
        .setErrorClass(ErrorClass.ERROR_CLASS_CONNECT).setErrorMessage("connection refused").build());
    frankfurt.add(sample("frankfurt-1", "frankfurt", 42).toBuilder()
        .setTarget(Target.newBuilder().setModule("github.com/Azure/go-widget").setEndpoint(EndpointKind.ENDPOINT_KIND_LIST)
            .setUrl("http://127.0.0.1:1/github.com/%21azure/go-widget/@v/list")).build());
    send("frankfurt-1", "frankfurt", frankfurt);
  }

  @AfterAll
  static void stop() {
    if (collector != null) collector.close();
  }

  private static void send(String agent, String region, List<Sample> samples) throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      client.hello(agent, region).next();
      client.batch(samples).next();
    }
  }

  @Test
  void agents_listsEachAgentWithWhatIsStored() throws Exception {
    JsonArray agents = get("/api/v1/agents", 200).getJsonArray("agents");
    assertThat(agents).hasSize(2);
    JsonObject tokyo = agents.getJsonObject(1);
    assertThat(tokyo.getString("agent_id")).isEqualTo("tokyo-1");
    assertThat(tokyo.getLong("highest_sequence")).isEqualTo(250);
    assertThat(tokyo.getLong("samples_stored")).isEqualTo(250);
    assertThat(tokyo.getString("last_seen")).isNotNull();
    assertThat(tokyo.getLong("highest_contiguous_sequence")).isEqualTo(250);
    assertThat(tokyo.getJsonArray("gaps")).isEmpty();
  }

  @Test
  void samples_filterByRegionAndEndpoint_newestFirst() throws Exception {
    JsonArray samples = get("/api/v1/samples?region=frankfurt&endpoint=list", 200).getJsonArray("samples");
    assertThat(samples).hasSize(1);
    JsonObject list = samples.getJsonObject(0);
    assertThat(list.getString("module")).isEqualTo("github.com/Azure/go-widget");
    assertThat(list.getString("url")).contains("%21azure");
    assertThat(list.getInteger("status")).isEqualTo(200);
    assertThat(list.getJsonObject("timings_us").getLong("ttfb")).isPositive();
    assertThat(list.getString("content_sha256")).hasSize(64);

    JsonArray errors = get("/api/v1/samples?region=frankfurt&limit=2", 200).getJsonArray("samples");
    assertThat(errors.getJsonObject(0).getLong("sequence")).isEqualTo(42);
    assertThat(errors.getJsonObject(1).getJsonObject("error").getString("class")).isEqualTo("connect");
  }

  @Test
  void samples_cursorPagesThroughEverySampleOnce() throws Exception {
    Set<Long> seen = new HashSet<>();
    String next = "/api/v1/samples?region=tokyo&limit=100";
    int pages = 0;
    while (next != null) {
      JsonObject page = get(next, 200);
      page.getJsonArray("samples").forEach(s -> assertThat(seen.add(((JsonObject) s).getLong("sequence"))).isTrue());
      String cursor = page.getString("next_cursor");
      next = cursor == null ? null : "/api/v1/samples?region=tokyo&limit=100&cursor=" + cursor;
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(250);
  }

  @Test
  void stats_countsErrorsAndTtfbPercentilesPerRegion() throws Exception {
    JsonArray series = get("/api/v1/stats?bucket=1h&from=-2h", 200).getJsonArray("series");
    long frankfurtCount = 0;
    long frankfurtErrors = 0;
    for (Object o : series) {
      JsonObject row = (JsonObject) o;
      if (row.getString("region").equals("frankfurt")) {
        frankfurtCount += row.getLong("count");
        frankfurtErrors += row.getLong("errors");
        assertThat(row.getJsonObject("ttfb_ms").getDouble("p50")).isBetween(1.0, 1.5);
        assertThat(row.getJsonObject("ttfb_ms").getDouble("p99")).isGreaterThanOrEqualTo(row.getJsonObject("ttfb_ms").getDouble("p95"));
      }
    }
    assertThat(frankfurtCount).isEqualTo(42);
    assertThat(frankfurtErrors).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/api/v1/samples?limit=0|'limit'",
      "/api/v1/samples?limit=abc|'limit'",
      "/api/v1/samples?limit=100000|'limit'",
      "/api/v1/samples?region=Tokyo;DROP TABLE samples|'region'",
      "/api/v1/samples?endpoint=tarball|'endpoint'",
      "/api/v1/samples?from=yesterday|'from'",
      "/api/v1/samples?cursor=not-a-cursor|'cursor'",
      "/api/v1/samples?regoin=tokyo|'regoin'",
      "/api/v1/samples?region=tokyo&region=frankfurt|'region'",
      "/api/v1/samples?region=|'region'",
      "/api/v1/stats?bucket=0s|'bucket'",
      "/api/v1/stats?bucket=1s&from=-30d|'bucket'",
      "/api/v1/stats?bucket=5x|'bucket'",
      "/api/v1/stats?from=-1h&to=-2h|'from'",
      "/api/v1/agents?x=1|'x'",
      "/api/v1/consistency?diverging=maybe|'diverging'",
      "/api/v1/divergences?state=closed|'state'",
      "/api/v1/divergences?cursor=-4|'cursor'",
      "/api/v1/divergences/abc|'id'",
      "/api/v1/divergences/0|'id'",
  })
  void badParameter_gets400NamingIt(String path, String named) throws Exception {
    JsonObject error = get(encodeQuery(path), 400);
    assertThat(error.getString("title")).contains(named);
    assertThat(error.getString("detail")).isNotBlank();
  }

  @Test
  void injectionInAFilter_isJustAValueThatMatchesNothing() throws Exception {
    String module = "x' OR '1'='1";
    JsonObject page = get("/api/v1/samples?module=" + URLEncoder.encode(module, StandardCharsets.UTF_8), 200);
    assertThat(page.getJsonArray("samples")).isEmpty();
    assertThat(get("/api/v1/agents", 200).getJsonArray("agents")).hasSize(2);
  }

  @Test
  void health_readiness_metrics_andUnknownPaths() throws Exception {
    assertThat(get("/healthz", 200).getString("status")).isEqualTo("ok");
    assertThat(get("/readyz", 200).getString("status")).isEqualTo("ready");
    JsonObject notFound = get("/api/v1/nothing", 404);
    assertThat(notFound.getString("title")).isEqualTo("not found");
    assertThat(notFound.getString("type")).isEqualTo("urn:proxywatch:problem:not-found");
    assertThat(notFound.getInteger("status")).isEqualTo(404);
    assertThat(notFound.getString("detail")).isEqualTo("/api/v1/nothing");
    assertThat(notFound.getString("error")).as("kept for older clients").isEqualTo("not found");
    HttpResponse<String> metrics = http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("proxywatch_samples_stored_total");
  }

  @Test
  void consistency_showsEachRegionsFingerprint_andWhoDiverges() throws Exception {
    JsonArray targets = get("/api/v1/consistency?module=example.com/hello&endpoint=info", 200).getJsonArray("targets");
    assertThat(targets).hasSize(1);
    JsonObject info = targets.getJsonObject(0);
    assertThat(info.getBoolean("diverging")).isTrue();
    assertThat(info.getString("kind")).isEqualTo("status");
    assertThat(info.getJsonObject("regions").getJsonObject("frankfurt").getString("fingerprint")).isEqualTo("error:connect");
    assertThat(info.getJsonObject("regions").getJsonObject("tokyo").getString("fingerprint")).startsWith("200 sha256:");
    assertThat(info.getJsonArray("outlier_regions")).hasSize(1);
    assertThat(get("/api/v1/consistency?endpoint=mod", 200).getJsonArray("targets")).isEmpty();
  }

  @Test
  void consistency_pagesThroughEveryTargetOnce_inTheOrderOfTheWholeList() throws Exception {
    JsonObject whole = get("/api/v1/consistency?limit=1000", 200);
    assertThat(whole.getString("next_cursor")).isNull();
    List<String> expected = whole.getJsonArray("targets").stream().map(t -> key((JsonObject) t)).toList();
    assertThat(expected).hasSizeGreaterThan(1).doesNotHaveDuplicates();
    List<String> paged = new ArrayList<>();
    String next = "/api/v1/consistency?limit=1";
    while (next != null) {
      JsonObject page = get(next, 200);
      assertThat(page.getJsonArray("targets")).hasSize(1);
      page.getJsonArray("targets").forEach(t -> paged.add(key((JsonObject) t)));
      String cursor = page.getString("next_cursor");
      next = cursor == null ? null : "/api/v1/consistency?limit=1&cursor=" + cursor;
    }
    assertThat(paged).isEqualTo(expected);
  }

  @Test
  void consistency_divergingOnly_listsTheTargetWithAnOpenEpisode() throws Exception {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(
        () -> !get("/api/v1/consistency?diverging=true", 200).getJsonArray("targets").isEmpty());
    JsonArray targets = get("/api/v1/consistency?diverging=true&module=example.com/hello&limit=1", 200).getJsonArray("targets");
    assertThat(targets).hasSize(1);
    assertThat(targets.getJsonObject(0).getString("module")).isEqualTo("example.com/hello");
    assertThat(targets.getJsonObject(0).getString("endpoint")).isEqualTo("info");
    assertThat(targets.getJsonObject(0).getBoolean("diverging")).isTrue();
  }

  private static String key(JsonObject t) {
    return t.getString("module") + "@" + t.getString("version") + "/" + t.getString("endpoint") + " " + t.getString("proxy");
  }

  @Test
  void divergences_listTheOpenEpisode_andItsTimeline() throws Exception {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
        () -> !get("/api/v1/divergences?state=open", 200).getJsonArray("divergences").isEmpty());
    JsonObject episode = get("/api/v1/divergences?state=open&module=example.com/hello", 200)
        .getJsonArray("divergences").getJsonObject(0);
    assertThat(episode.getString("kind")).isEqualTo("status");
    assertThat(episode.getString("state")).isEqualTo("pending");
    assertThat(get("/api/v1/divergences?state=resolved", 200).getJsonArray("divergences")).isEmpty();
    JsonObject detail = get("/api/v1/divergences/" + episode.getLong("id"), 200);
    assertThat(detail.getJsonArray("timeline")).extracting(e -> ((JsonObject) e).getString("region"))
        .contains("tokyo", "frankfurt");
    assertThat(get("/api/v1/divergences/999999", 404).getString("title")).isEqualTo("no such divergence");
  }

  private static String encodeQuery(String path) {
    int q = path.indexOf('?');
    if (q < 0) return path;
    StringBuilder out = new StringBuilder(path.substring(0, q + 1));
    for (String pair : path.substring(q + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      if (out.charAt(out.length() - 1) != '?') out.append('&');
      out.append(kv[0]).append('=').append(URLEncoder.encode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + path)).build();
  }

  private static JsonObject get(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of %s: %s", path, response.body()).isEqualTo(expectedStatus);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue(expectedStatus >= 400 ? "application/problem+json" : "application/json");
    return new JsonObject(response.body());
  }
}
