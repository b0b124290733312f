package io.proxywatch.collector.api;

import static io.proxywatch.collector.TestSamples.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.storage.DbSettings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every REST parameter of every endpoint gets every hostile value: the answer is 200 or a 400 naming the
 * parameter, never a 5xx, and the stored data is unchanged afterwards.
 */
class ITRestFuzz {
  static final Map<String, List<String>> PARAMETERS = Map.of(
      "/api/v1/samples", List.of("region", "module", "endpoint", "url", "from", "to", "limit", "cursor"),
      "/api/v1/stats", List.of("region", "module", "endpoint", "from", "to", "bucket"),
      "/api/v1/consistency", List.of("module", "endpoint", "diverging", "limit", "cursor"),
      "/api/v1/divergences", List.of("state", "module", "since", "limit", "cursor"));
  static final List<String> HOSTILE = List.of(
      "'; DROP TABLE samples; --", "x' OR '1'='1", "1; DELETE FROM agents", "$$; TRUNCATE samples; $$",
      "\u0000", "\u0000' OR 1=1", "\r\nX-Injected: yes", "../../../../etc/passwd", "%00", "%zz",
      "-1", "0", "99999999999999999999", "1e309", "NaN", "-", "--1h", "2026-13-45T99:99:99Z",
      "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "\uD83D\uDE00", "\u202Etokyo", "ＴＯＫＹＯ", "<script>alert(1)</script>",
      "{\"$ne\": null}", "a".repeat(5_000), "true", "open", "list", "tokyo");
  static final HttpClient http = HttpClient.newHttpClient();
  static Collector collector;
  static DbSettings db;

  @BeforeAll
  static void seed() throws Exception {
    db = TestDatabase.fresh();
    collector = Collector.start(CollectorConfig.of(db, 0, 0).withSecurity(SecurityConfig.open().withRate(100_000)));
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      client.hello("fuzz-1", "tokyo").next();
      client.batch(range("fuzz-1", "tokyo", 1, 50)).next();
    }
  }

  @AfterAll
  static void stop() {
    if (collector != null) collector.close();
  }

  @Test
  void everyHostileValueInEveryParameter_getsA200OrA400_andChangesNothing() throws Exception {
    String before = fingerprint();
    int cases = 0;
    for (Map.Entry<String, List<String>> endpoint : PARAMETERS.entrySet()) {
      for (String parameter : endpoint.getValue()) {
        for (String value : HOSTILE) {
          String query = parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
          check(endpoint.getKey() + "?" + query, parameter);
          cases++;
        }
      }
    }
    for (String value : HOSTILE) {
      check("/api/v1/divergences/" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"), "id");
      cases++;
    }
    for (String raw : List.of("/api/v1/samples?limit=%zz", "/api/v1/samples?%00=1", "/api/v1/samples?=x&&&",
        "/api/v1/stats?bucket", "/api/v1/samples?" + "a=1&".repeat(500))) {
      assertThat(rawStatus(raw)).as(raw).isBetween(400, 499);
      cases++;
    }
    assertThat(fingerprint()).as("stored data unchanged").isEqualTo(before);
    System.out.printf("rest-fuzz: %d hostile requests, no 5xx, data unchanged%n", cases);
  }

  private static void check(String path, String parameter) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("%s -> %s", path, response.body()).isIn(200, 400, 404);
    if (response.statusCode() == 400) {
      JsonObject error = new JsonObject(response.body());
      assertThat(error.getString("title")).as(path).contains(parameter);
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request line no well-behaved client would (bad escapes), over a plain socket; returns the status. */
  private static int rawStatus(String path) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", collector.httpPort())) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  private static String fingerprint() throws Exception {
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM samples) || '/' || (SELECT count(*) FROM agents)"
             + " || '/' || (SELECT md5(string_agg(sequence::text || etag, ',' ORDER BY sequence)) FROM samples)")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
