package io.proxywatch.collector.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.e2e.Rig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real nginx edge stopped while its agent probes 32 targets: one region_degraded notification, not 32 status ones,
 * and one resolve when the edge is back. The status episodes it caused are recorded, grouped under it.
 */
class ITRegionalIncident {
  static final String SECRET = "e2e-secret";

  @Test
  void aStoppedEdge_isOneRegionDegradedNotification_andOneResolveWhenItReturns() throws Exception {
    try (Receiver webhook = Receiver.start();
         Rig rig = Rig.start(Map.of(), c -> c.withDivergence(Rig.FAST.withRegionRules(0.5, Duration.ofSeconds(3), 10))
             .withAlerting(new AlertingConfig(List.of(webhook.url("/hook")), SECRET, List.of(), List.of(), Fixtures.FAST)))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> targetsComparedByFourRegions(rig) >= 30);
      rig.cdn.run("stop-edge", "tokyo");
      await().atMost(Duration.ofSeconds(30)).until(() -> events(webhook).contains("firing ProxywatchRegionDegraded"));
      JsonObject incident = new JsonObject(webhook.delivered().get(0).body()).getJsonObject("episode");
      assertThat(incident.getJsonArray("outlier_regions").stream().toList()).containsExactly("tokyo");
      assertThat(incident.getInteger("region_targets")).isGreaterThanOrEqualTo(30);
      assertThat(incident.getJsonObject("failures").getMap()).containsKey("connect");

      rig.cdn.run("start-edge", "tokyo");
      await().atMost(Duration.ofSeconds(30)).until(() -> events(webhook).contains("resolved ProxywatchRegionDegraded"));
      await().atMost(Duration.ofSeconds(30)).until(() -> rig.api.get("/api/v1/divergences?state=open")
          .getJsonArray("divergences").isEmpty());
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60)).until(() -> webhook.requests().size() == 2);
      assertThat(events(webhook)).containsExactly("firing ProxywatchRegionDegraded", "resolved ProxywatchRegionDegraded");

      List<JsonObject> grouped = rig.api.get("/api/v1/divergences?limit=500").getJsonArray("divergences").stream()
          .map(JsonObject.class::cast).filter(e -> e.getString("kind").equals("status")).toList();
      assertThat(grouped).isNotEmpty().allSatisfy(e -> assertThat(e.getLong("parent_id")).isEqualTo(incident.getLong("id")));
      JsonObject fired = grouped.stream().filter(e -> e.getString("fired_at") != null).findFirst().orElseThrow();
      assertThat(rig.api.get("/api/v1/divergences/" + fired.getLong("id")).getJsonArray("suppressed").getJsonObject(0).getString("reason"))
          .isEqualTo("grouped");
    }
  }

  private static long targetsComparedByFourRegions(Rig rig) {
    return rig.api.get("/api/v1/consistency").getJsonArray("targets").stream()
        .filter(t -> ((JsonObject) t).getInteger("regions_compared") == 4).count();
  }

  private static List<String> events(Receiver webhook) {
    return webhook.delivered().stream().map(r -> new JsonObject(r.body()))
        .map(e -> e.getString("event") + " " + e.getString("alert")).toList();
  }
}
