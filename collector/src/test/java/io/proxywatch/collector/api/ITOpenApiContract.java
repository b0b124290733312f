package io.proxywatch.collector.api;

import static io.proxywatch.collector.TestSamples.range;
import static io.proxywatch.collector.TestSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.auth.TokenStore;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.collector.watch.Watch;
import io.proxywatch.collector.watch.WatchStore;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real responses of a running collector (tokens required) validated against the OpenAPI contract it serves, and the
 * contract's operations compared with the routes the router really has, so neither can drift from the other.
 */
class ITOpenApiContract {
  /** Routes that are not the API: the console's page (its files are under /console/*, a prefix). */
  static final Set<String> NOT_API = Set.of("GET /");
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  static final HttpClient http = HttpClient.newHttpClient();
  static final Contract contract = new Contract();
  static Collector collector;
  static String readToken;
  static String adminToken;

  @BeforeAll
  static void seed() throws Exception {
    DbSettings db = TestDatabase.fresh();
    String tokyo;
    String frankfurt;
    try (HikariDataSource pool = Database.pool(db, "enrol")) {
      Database.migrate(pool);
      TokenStore store = new TokenStore(pool);
      tokyo = store.addAgent("tokyo-1", "tokyo");
      frankfurt = store.addAgent("frankfurt-1", "frankfurt");
      readToken = store.addApiToken("contract-read", "read");
      adminToken = store.addApiToken("contract-admin", "admin");
      new WatchStore(pool).applyFile(List.of(Watch.of("filed", "example.com/filed", "all", List.of(), List.of(), List.of(),
          "30s", "5m", "1h", "file")));
      seedReleaseAndVerification(pool);
    }
    collector = Collector.start(CollectorConfig.of(db, 0, 0).withSecurity(SecurityConfig.open().requiringTokens().withRate(1000)));
    send("tokyo-1", "tokyo", tokyo, range("tokyo-1", "tokyo", 1, 120));
    List<Sample> failing = new ArrayList<>(range("frankfurt-1", "frankfurt", 1, 20));
    failing.add(sample("frankfurt-1", "frankfurt", 21).toBuilder().setHttpStatus(0)
        .setErrorClass(ErrorClass.ERROR_CLASS_CONNECT).setErrorMessage("connection refused").build());
    send("frankfurt-1", "frankfurt", frankfurt, failing);
    await().atMost(Duration.ofSeconds(60)).until(
        () -> !new JsonObject(call("GET", "/api/v1/divergences", readToken).body()).getJsonArray("divergences").isEmpty());
  }

  @AfterAll
  static void stop() {
    if (collector != null) collector.close();
  }

  /** A release seen by tokyo, a verified .mod and a witnessed tree head: rows the agents and the index would write. */
  private static void seedReleaseAndVerification(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO releases (module, version, index_time) VALUES ('example.com/hello', 'v1.1.0', now() - interval '1 hour')");
      s.executeUpdate("INSERT INTO release_sightings (module, version, proxy, region, signal, first_seen, agent_id, sequence,"
          + " index_time) SELECT 'example.com/hello', 'v1.1.0', '', 'tokyo', signal, now() - minutes * interval '1 minute',"
          + " 'tokyo-1', sequence, r.index_time FROM (VALUES ('info', 50, 1), ('list', 40, 2)) v(signal, minutes, sequence)"
          + " JOIN releases r ON r.module = 'example.com/hello' AND r.version = 'v1.1.0'");
      s.executeUpdate("INSERT INTO checksum_state (proxy, module, version, file, region, state, observed_h1, expected_h1,"
          + " agent_id, sequence, url, updated_at) VALUES ('', 'example.com/hello', 'v1.0.0', 'mod', 'tokyo', 'verified',"
          + " 'h1:abc=', 'h1:abc=', 'tokyo-1', 3, 'http://127.0.0.1:1/example.com/hello/@v/v1.0.0.mod', now())");
      s.executeUpdate("INSERT INTO sumdb_heads (time, agent_id, sequence, region, sumdb_name, source, via, tree_size, root_hash,"
          + " note) VALUES (now(), 'tokyo-1', 4, 'tokyo', 'sum.golang.org', 'https://sum.golang.org', 'direct', 42, 'cm9vdA==',"
          + " 'sum.golang.org\n42\ncm9vdA==\n')");
    }
  }

  private static void send(String agent, String region, String token, List<Sample> samples) throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), token)) {
      client.hello(agent, region).next();
      client.batch(samples);
      // The collector manages targets here (the seeded watch), so a TargetSet follows the Welcome: read on to the
      // Ack, or the stream would close before the batch is committed.
      CollectorMessage message;
      do {
        message = client.next(); // fails the test when nothing comes within 10 s
      } while (!message.hasAck());
    }
  }

  @ParameterizedTest(name = "GET {0} -> {2} as {1}")
  @CsvSource(delimiter = '|', value = {
      "/healthz|none|200|/healthz",
      "/readyz|none|200|/readyz",
      "/api/v1/agents|read|200|/api/v1/agents",
      "/api/v1/samples?limit=5|read|200|/api/v1/samples",
      "/api/v1/samples?region=frankfurt&limit=1|read|200|/api/v1/samples",
      "/api/v1/samples?region=nowhere|read|200|/api/v1/samples",
      "/api/v1/stats|read|200|/api/v1/stats",
      "/api/v1/stats?bucket=1h&from=-2h&region=frankfurt|read|200|/api/v1/stats",
      "/api/v1/consistency|read|200|/api/v1/consistency",
      "/api/v1/consistency?diverging=true|read|200|/api/v1/consistency",
      "/api/v1/consistency?limit=1|read|200|/api/v1/consistency",
      "/api/v1/consistency?module=example.com/hello&diverging=true&limit=1|read|200|/api/v1/consistency",
      "/api/v1/divergences|read|200|/api/v1/divergences",
      "/api/v1/divergences?state=open&limit=1|read|200|/api/v1/divergences",
      "/api/v1/divergences/999999|read|404|/api/v1/divergences/{id}",
      "/api/v1/samples?limit=0|read|400|/api/v1/samples",
      "/api/v1/stats?bucket=5x|read|400|/api/v1/stats",
      "/api/v1/consistency?diverging=maybe|read|400|/api/v1/consistency",
      "/api/v1/consistency?limit=1001|read|400|/api/v1/consistency",
      "/api/v1/consistency?cursor=bm9wZQ|read|400|/api/v1/consistency",
      "/api/v1/divergences?state=closed|read|400|/api/v1/divergences",
      "/api/v1/divergences/abc|read|400|/api/v1/divergences/{id}",
      "/api/v1/agents|none|401|/api/v1/agents",
      "/api/v1/samples|wrong|401|/api/v1/samples",
      "/api/v1/verification|read|200|/api/v1/verification",
      "/api/v1/verification?region=tokyo&module=example.com/hello|read|200|/api/v1/verification",
      "/api/v1/verification?region=Tokyo|read|400|/api/v1/verification",
      "/api/v1/sumdb/heads|read|200|/api/v1/sumdb/heads",
      "/api/v1/sumdb/heads?module=x|read|400|/api/v1/sumdb/heads",
      "/api/v1/silences|read|200|/api/v1/silences",
      "/api/v1/silences?active=true|read|400|/api/v1/silences",
      "/api/v1/watches|read|200|/api/v1/watches",
      "/api/v1/watches|none|401|/api/v1/watches",
      "/api/v1/releases|read|200|/api/v1/releases",
      "/api/v1/releases?module=example.com/hello&since=-1d&limit=5|read|200|/api/v1/releases",
      "/api/v1/releases?limit=0|read|400|/api/v1/releases",
      "/api/v1/propagation|read|200|/api/v1/propagation",
      "/api/v1/propagation?endpoint=list|read|200|/api/v1/propagation",
      "/api/v1/propagation?endpoint=mod|read|400|/api/v1/propagation",
      "/api/v1/checks/chk-000000000000000000|read|404|/api/v1/checks/{id}",
      "/api/v1/checks/chk-1|read|400|/api/v1/checks/{id}",
  })
  void response_matchesTheContract(String path, String who, int status, String template) throws Exception {
    String token = switch (who) {
      case "read" -> readToken;
      case "wrong" -> "pwa_not-a-token";
      default -> "";
    };
    HttpResponse<String> response = call("GET", path, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(contract.violations(template, "get", status, response.body())).as(response.body()).isEmpty();
  }

  @Test
  void oneEpisode_withItsTimeline_matchesTheContract() throws Exception {
    long id = new JsonObject(call("GET", "/api/v1/divergences", readToken).body()).getJsonArray("divergences")
        .getJsonObject(0).getLong("id");
    HttpResponse<String> response = call("GET", "/api/v1/divergences/" + id, readToken);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getJsonArray("timeline")).isNotEmpty();
    assertThat(contract.violations("/api/v1/divergences/{id}", "get", 200, response.body())).isEmpty();
  }

  @Test
  void enrolAndRevoke_andTheirErrors_matchTheContract() throws Exception {
    String body = "{\"agent_id\": \"osaka-1\", \"region\": \"osaka\"}";
    HttpResponse<String> created = call("POST", "/api/v1/agents", adminToken, body);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(contract.violations("/api/v1/agents", "post", 201, created.body())).isEmpty();
    HttpResponse<String> forbidden = call("POST", "/api/v1/agents", readToken, body);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(contract.violations("/api/v1/agents", "post", 403, forbidden.body())).isEmpty();
    HttpResponse<String> bad = call("POST", "/api/v1/agents", adminToken, "{\"agent_id\": \"osaka 1\", \"region\": \"osaka\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(contract.violations("/api/v1/agents", "post", 400, bad.body())).isEmpty();
    assertThat(call("DELETE", "/api/v1/agents/osaka-1", adminToken).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = call("DELETE", "/api/v1/agents/osaka-1", adminToken);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(contract.violations("/api/v1/agents/{id}", "delete", 404, gone.body())).isEmpty();
  }

  @Test
  void theSeededReads_areNotEmpty_andMatchTheContract() throws Exception {
    JsonObject releases = valid(call("GET", "/api/v1/releases", readToken), "/api/v1/releases", "get", 200);
    assertThat(releases.getJsonArray("releases").getJsonObject(0).getJsonObject("proxies").getJsonObject("")
        .getJsonObject("tokyo").fieldNames()).containsExactlyInAnyOrder("info", "list");
    JsonObject lags = valid(call("GET", "/api/v1/propagation", readToken), "/api/v1/propagation", "get", 200);
    assertThat(lags.getJsonObject("regions").fieldNames()).containsExactly("tokyo");
    assertThat(valid(call("GET", "/api/v1/verification", readToken), "/api/v1/verification", "get", 200)
        .getJsonArray("verifications")).isNotEmpty();
    assertThat(valid(call("GET", "/api/v1/sumdb/heads", readToken), "/api/v1/sumdb/heads", "get", 200)
        .getJsonArray("heads")).hasSize(1);
    assertThat(valid(call("GET", "/api/v1/agents", readToken), "/api/v1/agents", "get", 200).getJsonArray("agents"))
        .isNotEmpty();
  }

  @Test
  void silences_throughTheirLife_andTheirErrors_matchTheContract() throws Exception {
    String ends = Instant.now().plus(Duration.ofHours(2)).toString();
    String body = "{\"region\": \"tokyo\", \"ends_at\": \"" + ends + "\", \"author\": \"ops\", \"comment\": \"edge maintenance\"}";
    long id = valid(call("POST", "/api/v1/silences", adminToken, body), "/api/v1/silences", "post", 201).getLong("id");
    assertThat(valid(call("GET", "/api/v1/silences", readToken), "/api/v1/silences", "get", 200).getJsonArray("silences"))
        .hasSize(1);
    valid(call("PUT", "/api/v1/silences/" + id, adminToken, "{\"kind\": \"region_degraded\"}"), "/api/v1/silences/{id}", "put", 200);
    valid(call("PUT", "/api/v1/silences/999999", adminToken, "{\"author\": \"ops\"}"), "/api/v1/silences/{id}", "put", 404);
    valid(call("PUT", "/api/v1/silences/abc", adminToken, "{}"), "/api/v1/silences/{id}", "put", 400);
    valid(call("PUT", "/api/v1/silences/" + id, adminToken, "{\"ends_at\": \"soon\"}"), "/api/v1/silences/{id}", "put", 400);
    valid(call("PUT", "/api/v1/silences/" + id, readToken, "{}"), "/api/v1/silences/{id}", "put", 403);
    valid(call("POST", "/api/v1/silences", adminToken, "{\"region\": \"tokyo\", \"author\": \"ops\"}"), "/api/v1/silences", "post", 400);
    valid(call("POST", "/api/v1/silences", adminToken, "{\"colour\": \"red\"}"), "/api/v1/silences", "post", 400);
    valid(call("POST", "/api/v1/silences", adminToken, "not json"), "/api/v1/silences", "post", 400);
    valid(call("POST", "/api/v1/silences", readToken, body), "/api/v1/silences", "post", 403);
    valid(call("DELETE", "/api/v1/silences/" + id, readToken), "/api/v1/silences/{id}", "delete", 403);
    valid(call("DELETE", "/api/v1/silences/" + id, adminToken), "/api/v1/silences/{id}", "delete", 204);
    valid(call("DELETE", "/api/v1/silences/" + id, adminToken), "/api/v1/silences/{id}", "delete", 404);
    valid(call("DELETE", "/api/v1/silences/0", adminToken), "/api/v1/silences/{id}", "delete", 400);
  }

  @Test
  void watches_throughTheirLife_andTheirErrors_matchTheContract() throws Exception {
    String body = "{\"name\": \"hello\", \"module\": \"example.com/hello\", \"versions\": \"latest:2\","
        + " \"endpoints\": [\"info\", \"mod\"], \"proxies\": [\"https://proxy.golang.org\"], \"cadence\": {\"info\": \"1m\"}}";
    assertThat(valid(call("POST", "/api/v1/watches", adminToken, body), "/api/v1/watches", "post", 201).getString("source"))
        .isEqualTo("manual");
    assertThat(valid(call("GET", "/api/v1/watches", readToken), "/api/v1/watches", "get", 200).getJsonArray("watches"))
        .hasSize(2);
    valid(call("POST", "/api/v1/watches", adminToken, "{\"name\": \"filed\", \"module\": \"example.com/filed\"}"),
        "/api/v1/watches", "post", 409);
    valid(call("POST", "/api/v1/watches", adminToken, "{\"name\": \"Bad Name\", \"module\": \"example.com/x\"}"),
        "/api/v1/watches", "post", 400);
    valid(call("POST", "/api/v1/watches", adminToken, "{\"name\": \"x\", \"module\": \"example.com/x\", \"cadence\": {\"often\": \"1s\"}}"),
        "/api/v1/watches", "post", 400);
    valid(call("POST", "/api/v1/watches", readToken, body), "/api/v1/watches", "post", 403);
    valid(call("DELETE", "/api/v1/watches/filed", adminToken), "/api/v1/watches/{name}", "delete", 409);
    valid(call("DELETE", "/api/v1/watches/BAD", adminToken), "/api/v1/watches/{name}", "delete", 400);
    valid(call("DELETE", "/api/v1/watches/hello", readToken), "/api/v1/watches/{name}", "delete", 403);
    valid(call("DELETE", "/api/v1/watches/hello", adminToken), "/api/v1/watches/{name}", "delete", 204);
    valid(call("DELETE", "/api/v1/watches/hello", adminToken), "/api/v1/watches/{name}", "delete", 404);
  }

  /** With no agent connected a check completes only at its deadline (30 s): its table is read while it runs. */
  @Test
  void aCheck_isAccepted_readWhileItRuns_andItsErrors_matchTheContract() throws Exception {
    String body = "{\"module\": \"example.com/hello\", \"version\": \"v1.0.0\"}";
    String id = valid(call("POST", "/api/v1/checks", adminToken, body), "/api/v1/checks", "post", 202).getString("id");
    JsonObject running = valid(call("GET", "/api/v1/checks/" + id, readToken), "/api/v1/checks/{id}", "get", 200);
    assertThat(running.getString("id")).isEqualTo(id);
    valid(call("POST", "/api/v1/checks", adminToken, "{\"module\": \"\"}"), "/api/v1/checks", "post", 400);
    valid(call("POST", "/api/v1/checks", adminToken, "{\"module\": \"example.com/hello\", \"region\": \"tokyo\"}"),
        "/api/v1/checks", "post", 400);
    valid(call("POST", "/api/v1/checks", readToken, body), "/api/v1/checks", "post", 403);
  }

  @Test
  void theContract_isServedWithoutAToken_andDocumentsExactlyTheRoutesTheRouterHas() throws Exception {
    HttpResponse<String> response = call("GET", "/api/v1/openapi.json", "");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject served = new JsonObject(response.body());
    assertThat(served.getString("openapi")).isEqualTo("3.1.0");
    SortedSet<String> documented = new TreeSet<>();
    served.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames().stream()
        .filter(METHODS::contains).forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
    SortedSet<String> routed = new TreeSet<>();
    collector.httpOperations().stream().filter(operation -> !NOT_API.contains(operation))
        .forEach(operation -> routed.add(operation.replaceAll(":([A-Za-z0-9_]+)", "{$1}")));
    assertThat(routed).contains("GET /api/v1/agents", "DELETE /api/v1/silences/{id}", "GET /api/v1/checks/{id}");
    assertThat(documented).containsExactlyElementsOf(routed);
  }

  /** Asserts the status and that the body matches the contract; returns the body (empty for a 204). */
  private static JsonObject valid(HttpResponse<String> response, String template, String method, int status) {
    assertThat(response.statusCode()).as(method + " " + template + ": " + response.body()).isEqualTo(status);
    assertThat(contract.violations(template, method, status, response.body())).as(response.body()).isEmpty();
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }

  private static HttpResponse<String> call(String method, String path, String token) throws Exception {
    return call(method, path, token, null);
  }

  private static HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (!token.isEmpty()) request.header("Authorization", "Bearer " + token);
    if (json != null) request.header("content-type", "application/json");
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
