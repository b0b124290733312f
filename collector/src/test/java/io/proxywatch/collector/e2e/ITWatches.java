package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.agent.Agent;
import io.proxywatch.agent.AgentConfig;
import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.collector.watch.WatchConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Watches with real parts, one world for the class: nginx edges with different mutable TTLs, the module index
 * stand-in, a collector following it and four agents with no module of their own. Every agent's --goproxy is the
 * CDN origin and a --connect-to pin sends it to its region's edge, as DNS does in the field; the watch names no
 * proxy. The tests run in order: a watch is added, a release is published with one edge held back, the collector
 * restarts under a growing index, then hostile input and a check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ITWatches {
  private static final String HELLO = "example.com/hello";
  /** Edge cache times of @v/list and @latest; sao-paulo's does not matter, it is held back. */
  private static final Map<String, Duration> TTL = Map.of("tokyo", Duration.ofSeconds(2), "frankfurt",
      Duration.ofSeconds(4), "los-angeles", Duration.ofSeconds(6), "sao-paulo", Duration.ofSeconds(8));
  private static final Duration FAST = Duration.ofSeconds(2);
  private static final Duration INDEX_POLL = Duration.ofSeconds(1);
  /** Index poll, a target set push, an agent's batch and a propagation pass on a busy 2-core machine. */
  private static final Duration SLACK = Duration.ofSeconds(4);
  private static final DivergencePolicy POLICY = new DivergencePolicy(Duration.ofSeconds(15), 2, Duration.ofSeconds(10),
      Duration.ofSeconds(3), Duration.ofMillis(200));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Agent> agents = new ArrayList<>();
  private Cdn cdn;
  private DbSettings db;
  private Collector collector;
  private CollectorConfig config;
  private Api api;

  @BeforeAll
  void startTheWorld() throws Exception {
    Map<String, String> env = new TreeMap<>();
    TTL.forEach((region, ttl) -> env.put("PROXYWATCH_EDGE_MUTABLE_TTL_" + region.toUpperCase().replace('-', '_'),
        ttl.toSeconds() + "s"));
    cdn = Cdn.start(env);
    db = TestDatabase.fresh();
    config = CollectorConfig.of(db, 0, 0).withDivergence(POLICY).withWatching(new WatchConfig(Optional.empty(),
        Optional.of(URI.create(cdn.url("index"))), INDEX_POLL, FAST, Duration.ofMinutes(10), WatchConfig.REFRESH));
    collector = Collector.start(config);
    config = withPorts(collector.grpcPort(), collector.httpPort());
    api = new Api(collector.httpPort());
    Path state = Files.createTempDirectory("proxywatch-watch-agents-");
    String originPort = port(cdn.url("origin"));
    for (String region : Cdn.REGIONS) {
      agents.add(Agent.start(AgentConfig.builder().region(region).agentId("w-" + region)
          .collector("127.0.0.1:" + collector.grpcPort()).goproxy(cdn.url("origin"))
          .connectTo(List.of("127.0.0.1:" + originPort + ":127.0.0.1:" + port(cdn.url(region))))
          .interval(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(5)).stateDir(state.resolve(region)).build()));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/agents").getJsonArray("agents").size() == 4);
  }

  @AfterAll
  void stopTheWorld() {
    agents.forEach(Agent::close);
    if (collector != null) collector.close();
    if (cdn != null) cdn.close();
  }

  @Test
  @Order(1)
  void watchAddedOverRest_isProbedFromEveryRegionWithin10s() throws Exception {
    Instant added = Instant.now();
    HttpResponse<String> created = post("/api/v1/watches", new JsonObject().put("name", "hello").put("module", HELLO)
        .put("versions", "all"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> regionsWithSamples(HELLO, "list", added).size() == 4 && regionsWithSamples(HELLO, "latest", added).size() == 4);
    System.out.println("watch-probed: every region stored list and latest samples "
        + Duration.between(added, Instant.now()).toMillis() + " ms after POST /api/v1/watches");
    await().atMost(Duration.ofSeconds(20)).until(() -> regionsWithSamples(HELLO, "info", added).size() == 4);
    assertThat(api.get("/api/v1/watches").getJsonArray("watches")).hasSize(1);
  }

  @Test
  @Order(2)
  void publishWithOneEdgeHeld_recordsTheRelease_measuresEachRegionsLag_andNamesOnlyTheHeldEdgeStale() throws Exception {
    cdn.run("hold-edge", "sao-paulo");
    Instant published = Instant.now();
    cdn.run("publish", "v2");

    await().atMost(Duration.ofSeconds(60)).until(() -> release(HELLO, "v1.2.0").isPresent());
    Instant recorded = Instant.now();
    // The fast cadence applies: a 30 s list cadence could not give three list samples per region within 3 fast intervals.
    await().atMost(FAST.multipliedBy(3).plus(SLACK)).pollInterval(Duration.ofMillis(250))
        .until(() -> Cdn.REGIONS.stream().allMatch(r -> listSamples(r, recorded) >= 3));

    List<String> ahead = List.of("tokyo", "frankfurt", "los-angeles");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> ahead.stream().allMatch(r -> sightings(r).size() == 3));
    for (String region : ahead) {
      JsonObject signals = sightings(region);
      for (String signal : List.of("list", "latest")) {
        assertThat(signals.getJsonObject(signal).getDouble("lag_seconds")).as(region + " " + signal)
            .isLessThanOrEqualTo(seconds(TTL.get(region).plus(FAST).plus(SLACK)));
      }
      assertThat(signals.getJsonObject("info").getDouble("lag_seconds")).as(region + " info")
          .isLessThanOrEqualTo(seconds(INDEX_POLL.plus(FAST).plus(SLACK)));
    }
    assertThat(sightings("sao-paulo").containsKey("list")).as("the held edge still lists the old versions").isFalse();

    JsonObject stale = awaitEpisode("list", e -> e.getString("state").equals("firing")
        && e.getJsonArray("outlier_regions").getList().equals(List.of("sao-paulo")), Duration.ofSeconds(40));
    assertThat(stale.getString("kind")).isEqualTo("stale");
    assertThat(stale.getJsonArray("majority_regions").stream().toList()).doesNotContain("sao-paulo");
    assertThat(stale.getJsonObject("outlier_since").fieldNames()).containsExactly("sao-paulo");
    assertThat(Instant.parse(stale.getJsonObject("outlier_since").getString("sao-paulo"))).isAfter(published.minusSeconds(1));

    Instant released = Instant.now(); // release-edge takes effect while the script runs
    cdn.run("release-edge", "sao-paulo");
    await().atMost(Duration.ofSeconds(20)).until(() -> sightings("sao-paulo").size() == 3);
    Instant saoPauloList = Instant.parse(sightings("sao-paulo").getJsonObject("list").getString("first_seen"));
    assertThat(Duration.between(released, saoPauloList)).as("sao-paulo after its release")
        .isLessThanOrEqualTo(FAST.plus(SLACK));
    JsonObject resolved = awaitEpisode("list", e -> e.getString("state").equals("resolved"), Duration.ofSeconds(30));
    assertThat(resolved.getJsonArray("outlier_regions").stream().toList()).containsExactly("sao-paulo");
    assertThat(resolved.getJsonArray("majority_regions").stream().toList()).as("majority and outliers never share a region")
        .containsExactlyInAnyOrder("tokyo", "frankfurt", "los-angeles");
    assertThat(resolved.getString("converged_last_region")).isEqualTo("sao-paulo");
    await().atMost(Duration.ofSeconds(20)).until(() -> release(HELLO, "v1.2.0").orElseThrow().getBoolean("fully_propagated"));

    for (String region : Cdn.REGIONS) {
      JsonObject s = sightings(region);
      System.out.println("propagation-lag: " + region + " mutable-ttl=" + TTL.get(region).toSeconds() + "s"
          + (region.equals("sao-paulo") ? " (held until +" + Duration.between(published, released).toMillis() / 1000.0 + "s)" : "")
          + " info=" + s.getJsonObject("info").getDouble("lag_seconds") + "s list=" + s.getJsonObject("list").getDouble("lag_seconds")
          + "s latest=" + s.getJsonObject("latest").getDouble("lag_seconds") + "s");
    }
    for (String signal : List.of("info", "list", "latest")) {
      JsonObject regions = api.get("/api/v1/propagation?module=" + HELLO + "&endpoint=" + signal).getJsonObject("regions");
      assertThat(regions.fieldNames()).containsExactlyInAnyOrderElementsOf(Cdn.REGIONS);
      regions.forEach(e -> assertThat(((JsonObject) e.getValue()).fieldNames()).contains("p50_seconds", "p95_seconds", "max_seconds"));
      System.out.println("propagation-lag: /api/v1/propagation endpoint=" + signal + " " + regions.encode());
    }
  }

  @Test
  @Order(3)
  void indexFeedAfterACollectorRestart_recordsEachReleaseOnce_andMissesNone() throws Exception {
    assertThat(post("/api/v1/watches", new JsonObject().put("name", "feed").put("module", "example.org/")
        .put("versions", "new").put("regions", new JsonArray().add("antarctica"))).statusCode()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(60)).until(() -> cursor().isPresent());
    collector.close();
    String since = cursor().orElseThrow();
    Instant at = Instant.parse(since);
    appendToIndex(entry("example.org/same", "v1.0.0", since), entry("example.org/next", "v1.0.0", at.plusMillis(1).toString()),
        entry("example.org/pair", "v1.0.0", at.plusMillis(2).toString()), entry("example.org/pair", "v1.1.0", at.plusMillis(2).toString()));
    collector = Collector.start(config);

    await().atMost(Duration.ofSeconds(60)).until(() -> releasedModules("example.org/").size() == 4);
    appendToIndex(entry("example.org/later", "v1.0.0", at.plusMillis(3).toString()));
    await().atMost(Duration.ofSeconds(60)).until(() -> releasedModules("example.org/").size() == 5);
    assertThat(releasedModules("example.org/")).containsExactlyInAnyOrder("example.org/later@v1.0.0",
        "example.org/next@v1.0.0", "example.org/pair@v1.0.0", "example.org/pair@v1.1.0", "example.org/same@v1.0.0");
    assertThat(releasedModules(HELLO)).containsExactly(HELLO + "@v1.2.0");
  }

  @Test
  @Order(4)
  void hostileFeedLines_areSkipped_andTheNextGoodLineIsRecorded() throws Exception {
    String now = Instant.now().toString();
    appendToIndex("not json at all", "{\"Path\": \"example.org/missing\"}",
        entry("example.org/Bad Path", "v1.0.0", now), entry("example.org/badversion", "1.0", now),
        entry("example.org/huge", "v1.0.0", now).replace("}", ", \"Pad\": \"" + "x".repeat(5 * 1024) + "\"}"),
        "[1, 2, 3]", entry("example.org/after", "v1.0.0", now));
    await().atMost(Duration.ofSeconds(60)).until(() -> releasedModules("example.org/").contains("example.org/after@v1.0.0"));
    assertThat(releasedModules("example.org/")).hasSize(6);
  }

  @Test
  @Order(5)
  void hostileWatchDefinitions_are400NamingTheField_andStoreNothing() throws Exception {
    JsonArray before = api.get("/api/v1/watches").getJsonArray("watches");
    JsonArray nineProxies = new JsonArray();
    for (int i = 0; i < 9; i++) nineProxies.add("https://proxy" + i + ".example");
    Map<String, JsonObject> bad = new TreeMap<>(Map.ofEntries(
        Map.entry("colour", watch().put("colour", "red")),
        Map.entry("cadence.often", watch().put("cadence", new JsonObject().put("often", "1s"))),
        Map.entry("module", watch().put("module", "example.com/../hello")),
        Map.entry("versions", watch().put("versions", "newest")),
        Map.entry("cadence.mutable", watch().put("cadence", new JsonObject().put("mutable", "0s"))),
        Map.entry("proxies", watch().put("proxies", new JsonArray().add("https://user:secret@proxy.example"))),
        Map.entry("name", watch().put("name", 42)),
        Map.entry("endpoints", watch().put("endpoints", "list")),
        Map.entry("cadence", watch().put("cadence", "fast")),
        Map.entry("regions", watch().put("regions", new JsonArray().add(7)))));
    bad.forEach((field, body) -> assertBadRequest("/api/v1/watches", body.encode(), field));
    assertBadRequest("/api/v1/watches", watch().put("proxies", nineProxies).encode(), "proxies");
    assertBadRequest("/api/v1/watches", "{\"name\": \"x\",", "body");
    assertBadRequest("/api/v1/watches", "[]", "body");
    assertThat(api.get("/api/v1/watches").getJsonArray("watches")).isEqualTo(before);
  }

  @Test
  @Order(6)
  void hostileCheckRequests_are400_andACheckOfOneVersionAgreesAcrossTheFourRegions() throws Exception {
    assertBadRequest("/api/v1/checks", new JsonObject().put("module", "example.com/../x").encode(), "module");
    assertBadRequest("/api/v1/checks", new JsonObject().put("module", HELLO).put("version", "1.1").encode(), "version");
    assertBadRequest("/api/v1/checks", new JsonObject().put("module", 5).encode(), "module");
    assertBadRequest("/api/v1/checks", new JsonObject().put("module", HELLO).put("proxies", "x").encode(), "proxies");
    assertBadRequest("/api/v1/checks", new JsonObject().put("module", HELLO).put("when", "now").encode(), "when");

    HttpResponse<String> started = post("/api/v1/checks", new JsonObject().put("module", HELLO).put("version", "v1.1.0"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = new JsonObject(started.body()).getString("id");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> api.get("/api/v1/checks/" + id).getBoolean("complete"));
    JsonObject check = api.get("/api/v1/checks/" + id);
    assertThat(check.getJsonArray("silent_agents")).isEmpty();
    Set<String> regions = new TreeSet<>();
    check.getJsonArray("rows").forEach(r -> regions.add(((JsonObject) r).getString("region")));
    assertThat(regions).containsExactlyInAnyOrderElementsOf(Cdn.REGIONS);
    assertThat(check.getJsonArray("rows")).hasSize(4 * 5);
    assertThat(check.getJsonArray("agreement")).as(check.encodePrettily()).hasSize(5).allMatch(a -> ((JsonObject) a)
        .getBoolean("status_agrees") && ((JsonObject) a).getBoolean("etag_agrees") && ((JsonObject) a).getBoolean("content_agrees"));
  }

  private static JsonObject watch() {
    return new JsonObject().put("name", "bad").put("module", HELLO).put("versions", "all");
  }

  private void assertBadRequest(String path, String body, String field) {
    HttpResponse<String> response = post(path, body);
    assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("title")).as(body)
        .contains(field.equals("body") ? "invalid body" : "'" + field + "'");
  }

  private HttpResponse<String> post(String path, JsonObject body) {
    return post(path, body.encode());
  }

  private HttpResponse<String> post(String path, String body) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + path))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Optional<JsonObject> release(String module, String version) {
    return api.get("/api/v1/releases?module=" + module).getJsonArray("releases").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("version").equals(version)).findFirst();
  }

  /** The first sighting per signal of v1.2.0 in one region, through each agent's own proxy. */
  private JsonObject sightings(String region) {
    JsonObject proxies = release(HELLO, "v1.2.0").orElseThrow().getJsonObject("proxies");
    JsonObject regions = proxies.getJsonObject("");
    return regions == null || regions.getJsonObject(region) == null ? new JsonObject() : regions.getJsonObject(region);
  }

  private List<String> releasedModules(String prefix) {
    List<String> out = new ArrayList<>();
    api.get("/api/v1/releases?since=2000-01-01T00:00:00Z&limit=1000").getJsonArray("releases").stream()
        .map(JsonObject.class::cast).filter(r -> r.getString("module").startsWith(prefix))
        .forEach(r -> out.add(r.getString("module") + "@" + r.getString("version")));
    return out;
  }

  private JsonObject awaitEpisode(String endpoint, java.util.function.Predicate<JsonObject> condition, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> episode(endpoint).map(condition::test).orElse(false));
    return episode(endpoint).orElseThrow();
  }

  private Optional<JsonObject> episode(String endpoint) {
    return api.get("/api/v1/divergences?module=" + HELLO).getJsonArray("divergences").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("endpoint").equals(endpoint)).findFirst();
  }

  private Set<String> regionsWithSamples(String module, String endpoint, Instant since) throws SQLException {
    Set<String> regions = new TreeSet<>();
    try (Connection c = TestDatabase.connect(db); PreparedStatement s = c.prepareStatement(
        "SELECT DISTINCT region FROM samples WHERE module = ? AND endpoint = ? AND time >= ? AND check_id IS NULL")) {
      s.setString(1, module);
      s.setString(2, endpoint);
      s.setTimestamp(3, java.sql.Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) regions.add(rs.getString(1));
      }
    }
    return regions;
  }

  private long listSamples(String region, Instant since) {
    try (Connection c = TestDatabase.connect(db); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM samples"
        + " WHERE module = ? AND endpoint = 'list' AND region = ? AND time >= ? AND check_id IS NULL")) {
      s.setString(1, HELLO);
      s.setString(2, region);
      s.setTimestamp(3, java.sql.Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<String> cursor() throws SQLException {
    try (Connection c = TestDatabase.connect(db);
         PreparedStatement s = c.prepareStatement("SELECT since FROM index_cursor"); ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  private void appendToIndex(String... lines) throws IOException {
    Files.writeString(cdn.tree().getParent().resolve("index.jsonl"), String.join("\n", lines) + "\n",
        StandardOpenOption.APPEND);
  }

  private static String entry(String path, String version, String timestamp) {
    return new JsonObject().put("Path", path).put("Version", version).put("Timestamp", timestamp).encode();
  }

  private CollectorConfig withPorts(int grpc, int httpPort) {
    return CollectorConfig.of(db, grpc, httpPort).withDivergence(config.divergence()).withWatching(config.watching());
  }

  private static String port(String url) {
    return url.substring(url.lastIndexOf(':') + 1);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
