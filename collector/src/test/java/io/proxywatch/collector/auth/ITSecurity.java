package io.proxywatch.collector.auth;

import static io.proxywatch.collector.TestSamples.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.DbSettings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS on both ports, agent tokens bound to an identity, REST tokens with roles and a rate limit. */
class ITSecurity {
  static Collector collector;
  static HikariDataSource pool;
  static TestCertificates certs;
  static HttpClient https;
  static String readToken;
  static String adminToken;
  static String tokyoToken;
  static String greedyToken;

  @BeforeAll
  static void start() throws Exception {
    DbSettings db = TestDatabase.fresh();
    pool = Database.pool(db, "test");
    Database.migrate(pool);
    TokenStore tokens = new TokenStore(pool);
    readToken = tokens.addApiToken("dashboards", "read");
    adminToken = tokens.addApiToken("ops", "admin");
    tokyoToken = tokens.addAgent("tokyo-1", "tokyo");
    greedyToken = tokens.addApiToken("greedy", "read");
    Path dir = Files.createTempDirectory("proxywatch-tls-");
    certs = TestCertificates.generate(dir, "collector");
    collector = Collector.start(CollectorConfig.of(db, 0, 0).withSecurity(SecurityConfig.open().requiringTokens()
        .withTls(certs.pem(), certs.keyPem(), Optional.empty()).withRate(5)));
    https = HttpClient.newBuilder().sslContext(certs.trusting()).build();
  }

  @AfterAll
  static void stop() {
    if (collector != null) collector.close();
    if (pool != null) pool.close();
  }

  @Test
  void enrolledAgent_overTls_isWelcomedAndAcked() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), certs.pem(), tokyoToken)) {
      client.hello("tokyo-1", "tokyo").next();
      assertThat(client.batch(range("tokyo-1", "tokyo", 1, 3)).next().getAck().getHighestSequence()).isEqualTo(3);
    }
  }

  @Test
  void missingOrUnknownToken_isUnauthenticated() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), certs.pem(), "")) {
      assertThat(client.hello("tokyo-1", "tokyo").closedWith().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), certs.pem(), "pwa_guess")) {
      Status status = client.hello("tokyo-1", "tokyo").closedWith();
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).doesNotContain("pwa_guess");
    }
  }

  @Test
  void aTokenCannotClaimAnotherAgentOrRegion() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), certs.pem(), tokyoToken)) {
      Status status = client.hello("frankfurt-1", "frankfurt").closedWith();
      assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), certs.pem(), tokyoToken)) {
      assertThat(client.hello("tokyo-1", "frankfurt").closedWith().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void plaintextAgainstTls_fails() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), tokyoToken)) {
      assertThat(client.hello("tokyo-1", "tokyo").closedWith().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void revokedOverRest_endsTheStreamAtItsNextBatch() throws Exception {
    HttpResponse<String> enrolled = call("POST", "/api/v1/agents", adminToken, "{\"agent_id\":\"la-1\",\"region\":\"los-angeles\"}");
    assertThat(enrolled.statusCode()).isEqualTo(201);
    String token = new JsonObject(enrolled.body()).getString("token");
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), certs.pem(), token)) {
      client.hello("la-1", "los-angeles").next();
      assertThat(client.batch(range("la-1", "los-angeles", 1, 2)).next().getAck().getHighestSequence()).isEqualTo(2);
      assertThat(call("DELETE", "/api/v1/agents/la-1", adminToken, null).statusCode()).isEqualTo(204);
      assertThat(client.batch(range("la-1", "los-angeles", 3, 4)).closedWith().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    assertThat(call("DELETE", "/api/v1/agents/la-1", adminToken, null).statusCode()).isEqualTo(404);
  }

  @Test
  void rest_needsAToken_andAnAdminOneToWrite() throws Exception {
    HttpResponse<String> none = call("GET", "/api/v1/agents", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(call("GET", "/api/v1/agents", "pwr_wrong", null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/agents", readToken, null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/v1/agents", readToken, "{\"agent_id\":\"x\",\"region\":\"tokyo\"}").statusCode()).isEqualTo(403);
    assertThat(call("POST", "/api/v1/agents", adminToken, "{\"agent_id\":\"bad id\",\"region\":\"tokyo\"}").statusCode()).isEqualTo(400);
    assertThat(call("POST", "/api/v1/agents", adminToken, "not json").statusCode()).isEqualTo(400);
    assertThat(call("POST", "/api/v1/agents", adminToken, "{\"pad\":\"" + "x".repeat(100_000) + "\"}").statusCode()).isEqualTo(413);
    assertThat(call("GET", "/healthz", null, null).statusCode()).as("probes stay open").isEqualTo(200);
  }

  @Test
  void eachToken_isRateLimited() throws Exception {
    String token = greedyToken;
    int limited = 0;
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> response = call("GET", "/api/v1/agents", token, null);
      if (response.statusCode() == 429) {
        limited++;
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(limited).as("requests over 5/s with a burst of 10").isGreaterThan(20);
    assertThat(call("GET", "/api/v1/agents", readToken, null).statusCode()).as("other tokens unaffected").isEqualTo(200);
  }

  private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + collector.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
