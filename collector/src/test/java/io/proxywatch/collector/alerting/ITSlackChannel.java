package io.proxywatch.collector.alerting;

import static io.proxywatch.collector.alerting.Fixtures.SECRET;
import static io.proxywatch.collector.alerting.Fixtures.count;
import static io.proxywatch.collector.alerting.Fixtures.enqueue;
import static io.proxywatch.collector.alerting.Fixtures.firing;
import static io.proxywatch.collector.alerting.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack messages through the outbox. Slack itself cannot be reached from here, so a local HTTP server stands in
 * for the incoming webhook; what Slack renders is checked by the text and block structure only.
 */
class ITSlackChannel {
  @RegisterExtension
  static final OutboxFixture outbox = new OutboxFixture();

  @Test
  void firingAndResolved_readAtAGlance_andCarryNoSecret() throws Exception {
    try (Receiver receiver = Receiver.start();
         Alerting alerting = outbox.start(new AlertingConfig(List.of(receiver.url("/hook")), SECRET,
             List.of(receiver.url("/services/T0/B0/slack-token")), List.of(), Fixtures.FAST), new SimpleMeterRegistry(), () -> true)) {
      enqueue(outbox.pool(), alerting, firing(11), 1);
      enqueue(outbox.pool(), alerting, resolved(11), 2);
      await().until(() -> slack(receiver).size() == 2);

      assertThat(count(outbox.pool(), "episode_id = 11")).as("one row per event and channel").isEqualTo(4);
      JsonObject fired = new JsonObject(slack(receiver).get(0).body());
      assertThat(fired.getString("text")).startsWith(":rotating_light: *Divergence firing* (warning)")
          .contains("example.com/hello@v1.0.0", ".info", "frankfurt", "content differs", "tokyo, sao-paulo, los-angeles");
      assertThat(fired.getJsonArray("blocks").getJsonObject(0).getJsonObject("text").getString("type")).isEqualTo("mrkdwn");
      assertThat(fired.getJsonArray("blocks").encode()).contains("<http://collector.example:8080/api/v1/divergences/11|details>");
      JsonObject resolved = new JsonObject(slack(receiver).get(1).body());
      assertThat(resolved.getString("text")).startsWith(":white_check_mark: *Divergence resolved*")
          .contains("converged after 4m12s; last region to converge: frankfurt");
      assertThat(slack(receiver)).allSatisfy(r -> assertThat(r.body()).doesNotContain(SECRET).doesNotContain("slack-token"));
      assertThat(slack(receiver)).allSatisfy(r -> assertThat(r.header(WebhookSignature.SIGNATURE_HEADER)).isNull());
    }
  }

  private static List<Receiver.Request> slack(Receiver receiver) {
    return receiver.delivered().stream().filter(r -> r.path().startsWith("/services/")).toList();
  }
}
