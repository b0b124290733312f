package io.proxywatch.collector.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.e2e.Rig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real edges diverge in two regions while a silence covers one of them, and two routed webhooks listen: only the
 * unsilenced region's episode is notified, only to the route matching its kind, with the route's label and header.
 */
class ITSilencesAndRoutes {
  static final String SECRET = "e2e-secret";
  final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void aSilenceSuppressesOnlyItsRegion_andRoutesSendEachEventOnlyWhereItMatches() throws Exception {
    try (Receiver content = Receiver.start(); Receiver info = Receiver.start()) {
      Files.writeString(dir.resolve("headers"), "X-Scope-OrgID: tenant-7\n");
      Path routes = Files.writeString(dir.resolve("routes.yaml"), """
          routes:
            - name: content-hook
              type: webhook
              url: %s
              match: {kind: content, severity: warning}
              labels: {team: security}
              headers_file: headers
            - name: info-hook
              type: webhook
              url: %s
              match: {severity: info}
          """.formatted(content.url("/hook"), info.url("/hook")));
      AlertingConfig alerting = new AlertingConfig(List.of(), SECRET, List.of(), List.of(), Fixtures.FAST, RoutesFile.load(routes));
      try (Rig rig = Rig.start(Map.of(), c -> c.withAlerting(alerting))) {
        String base = "http://127.0.0.1:" + rig.collector.httpPort() + "/api/v1/silences";
        HttpResponse<String> bad = send("POST", base, new JsonObject().put("region", "sao-paulo").put("author", "ops"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("invalid field 'ends_at'");
        HttpResponse<String> created = send("POST", base, new JsonObject().put("region", "sao-paulo").put("author", "ops")
            .put("comment", "edge maintenance").put("ends_at", Instant.now().plusSeconds(3600).toString()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long silence = new JsonObject(created.body()).getLong("id");

        rig.serveDifferentBodyAt("sao-paulo", "/example.com/hello/@v/v1.0.0.mod");
        rig.serveDifferentBodyAt("los-angeles", "/example.com/hello/@v/v1.1.0.mod");
        JsonObject silenced = rig.awaitEpisode("example.com/hello", "mod", "v1.0.0", "firing", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(20)).until(() -> content.delivered().size() == 1);
        Receiver.Request firing = content.delivered().get(0);
        JsonObject event = new JsonObject(firing.body());
        assertThat(event.getJsonObject("episode").getJsonArray("outlier_regions").stream().toList()).containsExactly("los-angeles");
        assertThat(event.getString("severity")).isEqualTo("warning");
        assertThat(event.getJsonObject("labels").getString("team")).isEqualTo("security");
        assertThat(firing.header("X-Scope-OrgID")).isEqualTo("tenant-7");
        assertThat(suppressed(rig, silenced.getLong("id"))).containsExactly("firing silenced " + silence);

        rig.cdn.run("purge-edge", "sao-paulo");
        rig.cdn.run("purge-edge", "los-angeles");
        rig.awaitEpisode("example.com/hello", "mod", "v1.0.0", "resolved", Duration.ofSeconds(30));
        rig.awaitEpisode("example.com/hello", "mod", "v1.1.0", "resolved", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).until(() -> content.delivered().size() == 2);
        assertThat(new JsonObject(content.delivered().get(1).body()).getString("event")).isEqualTo("resolved");
        assertThat(suppressed(rig, silenced.getLong("id"))).containsExactly("firing silenced " + silence,
            "resolved silenced " + silence);
        assertThat(info.requests()).as("no info-severity event happened").isEmpty();

        JsonObject listed = rig.api.get("/api/v1/silences").getJsonArray("silences").getJsonObject(0);
        assertThat(listed.getBoolean("active")).isTrue();
        HttpResponse<String> ended = send("PUT", base + "/" + silence, new JsonObject().put("ends_at", Instant.now().toString()));
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(new JsonObject(ended.body()).getBoolean("active")).isFalse();
        assertThat(send("DELETE", base + "/" + silence, null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", base + "/" + silence, null).statusCode()).isEqualTo(404);
      }
    }
  }

  private static List<String> suppressed(Rig rig, long episode) {
    JsonArray suppressed = rig.api.get("/api/v1/divergences/" + episode).getJsonArray("suppressed");
    return suppressed.stream().map(JsonObject.class::cast)
        .map(s -> s.getString("event") + " " + s.getString("reason") + " " + s.getLong("silence_id")).toList();
  }

  private HttpResponse<String> send(String method, String url, JsonObject body) throws Exception {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode());
    return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, publisher)
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
