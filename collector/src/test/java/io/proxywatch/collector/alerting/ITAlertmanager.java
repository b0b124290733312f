package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import static io.proxywatch.collector.alerting.Fixtures.enqueue;
import static io.proxywatch.collector.alerting.Fixtures.firing;
import static io.proxywatch.collector.alerting.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proxywatch.collector.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts posted to a real Alertmanager, as Alertmanager's own API then shows them. */
class ITAlertmanager {
  @TempDir static Path dir;
  static HikariDataSource db;
  static AlertmanagerProcess alertmanager;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.migrated();
    alertmanager = AlertmanagerProcess.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (alertmanager != null) alertmanager.close();
    if (db != null) db.close();
  }

  @Test
  void firingIsActive_keptAliveByResends_andResolvedEndsIt() throws Exception {
    Instant opened = Instant.now().minusSeconds(300);
    AlertEvent resent = firing(21, EpisodeKind.CONTENT, List.of("sydney", "frankfurt"), opened);
    AlertEvent postedOnce = firing(22, EpisodeKind.ETAG, List.of("tokyo"), opened);
    AtomicReference<List<AlertEvent>> firingNow = new AtomicReference<>(List.of(resent));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AlertingConfig config = new AlertingConfig(List.of(), "", List.of(), List.of(alertmanager.url()), Fixtures.FAST);
    try (Alerting alerting = Alerting.create(config, db, meters, Clock.systemUTC(), () -> true, firingNow::get)) {
      enqueue(db, alerting, resent, 1);
      enqueue(db, alerting, postedOnce, 1);
      await().until(() -> alertmanager.active(Map.of("kind", "content")).size() == 1);

      JsonObject alert = alertmanager.active(Map.of("kind", "content")).get(0);
      assertThat(alert.getJsonObject("labels").getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "alertname", "ProxywatchDivergence", "severity", "warning", "kind", "content", "module", "example.com/hello",
          "version", "v1.0.0", "endpoint", "info", "url", "https://proxy.example/example.com/hello/@v/v1.0.0.info",
          "outlier_regions", "frankfurt,sydney"));
      assertThat(alert.getString("startsAt")).startsWith(opened.plusSeconds(30).toString().substring(0, 19));
      assertThat(alert.getString("generatorURL")).isEqualTo("http://collector.example:8080/api/v1/divergences/21");
      assertThat(alert.getJsonObject("annotations").getString("summary"))
          .contains("example.com/hello@v1.0.0 .info", "sydney, frankfurt serve 200 sha256:ab12cd34");
      await().until(() -> alertmanager.active(Map.of("kind", "etag", "severity", "info")).size() == 1);

      // resolve_timeout is 2s: the re-sent alert outlives it, the one posted once expires.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60))
          .until(() -> alertmanager.active(Map.of("kind", "content")).size() == 1);
      await().atMost(Duration.ofSeconds(60)).until(() -> alertmanager.active(Map.of("kind", "etag")).isEmpty());
      assertThat(meters.counter("proxywatch_alertmanager_resends", "channel", alerting.outbox().channels().get(0),
          "outcome", "ok").count()).isGreaterThan(3);

      // The supplier still lists the episode (a snapshot taken just before the resolve): it must not re-fire.
      enqueue(db, alerting, resolved(resent, Instant.now()), 2);
      await().until(() -> alertmanager.alerts().stream().noneMatch(a -> "content".equals(a.getJsonObject("labels").getString("kind"))));
      await().during(Duration.ofSeconds(1))
          .until(() -> alertmanager.alerts().stream().noneMatch(a -> "content".equals(a.getJsonObject("labels").getString("kind"))));
    }
  }
}
