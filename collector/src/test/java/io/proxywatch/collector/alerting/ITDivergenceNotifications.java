package io.proxywatch.collector.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.e2e.Rig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole path with real parts: nginx edges disagree, agents see it, the collector fires and resolves, and
 * a signed webhook, a Slack stand-in and a real Alertmanager hear about it.
 */
class ITDivergenceNotifications {
  static final String SECRET = "e2e-secret";
  static final String MOD = "/example.com/hello/@v/v1.0.0.mod";

  @Test
  void firingAndResolved_reachWebhookSlackAndAlertmanager() throws Exception {
    Path dir = Files.createTempDirectory("proxywatch-am-");
    try (Receiver webhook = Receiver.start(); Receiver slack = Receiver.start();
         AlertmanagerProcess alertmanager = AlertmanagerProcess.start(dir);
         Rig rig = Rig.start(Map.of(), c -> c.withAlerting(new AlertingConfig(List.of(webhook.url("/hook")), SECRET,
             List.of(slack.url("/services/T0/B0/x")), List.of(alertmanager.url()), Fixtures.FAST)))) {
      rig.serveDifferentBodyAt("sao-paulo", MOD);

      await().atMost(Duration.ofSeconds(30)).until(() -> !webhook.delivered().isEmpty());
      Receiver.Request firing = webhook.delivered().get(0);
      assertThat(WebhookSignature.verify(SECRET, firing.header(WebhookSignature.TIMESTAMP_HEADER), firing.body(),
          firing.header(WebhookSignature.SIGNATURE_HEADER))).as("signature").isTrue();
      JsonObject event = new JsonObject(firing.body());
      assertThat(event.getString("event")).isEqualTo("firing");
      JsonObject episode = event.getJsonObject("episode");
      assertThat(episode.getString("kind")).isEqualTo("content");
      assertThat(episode.getJsonArray("outlier_regions").stream().toList()).containsExactly("sao-paulo");
      assertThat(episode.getString("module")).isEqualTo("example.com/hello");
      assertThat(episode.getString("endpoint")).isEqualTo("mod");
      System.out.printf("alert-latency: deciding sample commit -> webhook delivery: %d ms%n",
          latencyMillis(rig, episode.getLong("id")));

      Map<String, String> labels = Map.of("alertname", "ProxywatchDivergence", "module", "example.com/hello",
          "endpoint", "mod", "outlier_regions", "sao-paulo");
      await().atMost(Duration.ofSeconds(60)).until(() -> alertmanager.active(labels).size() == 1);

      rig.cdn.run("purge-edge", "sao-paulo");
      await().atMost(Duration.ofSeconds(30)).until(() -> webhook.delivered().size() == 2);
      JsonObject resolved = new JsonObject(webhook.delivered().get(1).body());
      assertThat(resolved.getString("event")).isEqualTo("resolved");
      assertThat(resolved.getJsonObject("episode").getString("converged_last_region")).isEqualTo("sao-paulo");
      assertThat(resolved.getJsonObject("episode").getDouble("convergence_seconds")).isPositive();
      await().atMost(Duration.ofSeconds(60)).until(() -> alertmanager.active(labels).isEmpty());

      assertThat(slack.delivered()).hasSize(2);
      assertThat(slack.delivered().get(0).body()).contains("example.com/hello").contains("sao-paulo");
      assertThat(URI.create(rig.cdn.url("origin"))).isNotNull();
    }
  }

  /** From the deciding sample's commit (its received_at) to the webhook's 2xx being recorded (delivered_at). */
  private static long latencyMillis(Rig rig, long episodeId) throws Exception {
    try (Connection c = TestDatabase.connect(rig.db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT (extract(epoch FROM o.delivered_at - (SELECT max(x.received_at) FROM samples x"
             + " WHERE x.region = 'sao-paulo' AND x.module = e.module AND x.version = e.version AND x.endpoint = e.endpoint"
             + " AND x.received_at <= o.created_at)) * 1000)::bigint FROM notification_outbox o"
             + " JOIN divergence_episodes e ON e.id = o.episode_id WHERE o.episode_id = " + episodeId
             + " AND o.event = 'firing' AND o.channel LIKE 'webhook:%'")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }
}
