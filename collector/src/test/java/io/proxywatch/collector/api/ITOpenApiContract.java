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
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real responses of a running collector (tokens required) validated against the OpenAPI contract it serves. */
class ITOpenApiContract {
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
    }
    collector = Collector.start(CollectorConfig.of(db, 0, 0).withSecurity(SecurityConfig.open().requiringTokens().withRate(1000)));
    send("tokyo-1", "tokyo", tokyo, range("tokyo-1", "tokyo", 1, 120));
    List<Sample> failing = new ArrayList<>(range("frankfurt-1", "frankfurt", 1, 20));
    failing.add(sample("frankfurt-1", "frankfurt", 21).toBuilder().setHttpStatus(0)
        .setErrorClass(ErrorClass.ERROR_CLASS_CONNECT).setErrorMessage("connection refused").build());
    send("frankfurt-1", "frankfurt", frankfurt, failing);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> !new JsonObject(call("GET", "/api/v1/divergences", readToken).body()).getJsonArray("divergences").isEmpty());
  }

  @AfterAll
  static void stop() {
    if (collector != null) collector.close();
  }

  private static void send(String agent, String region, String token, List<Sample> samples) throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), token)) {
      client.hello(agent, region).next();
      client.batch(samples).next();
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
      "/api/v1/divergences|read|200|/api/v1/divergences",
      "/api/v1/divergences?state=open&limit=1|read|200|/api/v1/divergences",
      "/api/v1/divergences/999999|read|404|/api/v1/divergences/{id}",
      "/api/v1/samples?limit=0|read|400|/api/v1/samples",
      "/api/v1/stats?bucket=5x|read|400|/api/v1/stats",
      "/api/v1/consistency?diverging=maybe|read|400|/api/v1/consistency",
      "/api/v1/divergences?state=closed|read|400|/api/v1/divergences",
      "/api/v1/divergences/abc|read|400|/api/v1/divergences/{id}",
      "/api/v1/agents|none|401|/api/v1/agents",
      "/api/v1/samples|wrong|401|/api/v1/samples",
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
  void theContract_isServedWithoutAToken_andNamesEveryRoute() throws Exception {
    HttpResponse<String> response = call("GET", "/api/v1/openapi.json", "");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject served = new JsonObject(response.body());
    assertThat(served.getString("openapi")).isEqualTo("3.1.0");
    assertThat(served.getJsonObject("paths").fieldNames()).containsExactlyInAnyOrder("/healthz", "/readyz", "/metrics",
        "/api/v1/openapi.json", "/api/v1/agents", "/api/v1/agents/{id}", "/api/v1/samples", "/api/v1/stats",
        "/api/v1/consistency", "/api/v1/divergences", "/api/v1/divergences/{id}");
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
