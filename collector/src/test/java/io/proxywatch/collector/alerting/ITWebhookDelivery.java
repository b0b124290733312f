package io.proxywatch.collector.alerting;

import static io.proxywatch.collector.alerting.Fixtures.SECRET;
import static io.proxywatch.collector.alerting.Fixtures.count;
import static io.proxywatch.collector.alerting.Fixtures.enqueue;
import static io.proxywatch.collector.alerting.Fixtures.firing;
import static io.proxywatch.collector.alerting.Fixtures.resolved;
import static io.proxywatch.collector.alerting.Fixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The signed webhook against a local receiver, through a real outbox in TimescaleDB. */
class ITWebhookDelivery {
  @RegisterExtension
  static final OutboxFixture outbox = new OutboxFixture();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  Alerting start(Receiver receiver, AtomicBoolean leader) {
    return outbox.start(webhook(receiver.url("/hook")), meters, leader::get);
  }

  @Test
  void firingThenResolved_arriveSignedAndInOrder_withTheEpisode() throws Exception {
    try (Receiver receiver = Receiver.start(); Alerting alerting = start(receiver, new AtomicBoolean(true))) {
      enqueue(outbox.pool(), alerting, firing(101), 1);
      enqueue(outbox.pool(), alerting, resolved(101), 2);
      await().until(() -> receiver.delivered().size() == 2);

      Receiver.Request first = receiver.requests().get(0);
      String timestamp = first.header(WebhookSignature.TIMESTAMP_HEADER);
      String signature = first.header(WebhookSignature.SIGNATURE_HEADER);
      assertThat(WebhookSignature.verify(SECRET, timestamp, first.body(), signature)).isTrue();
      assertThat(WebhookSignature.verify(SECRET, timestamp, first.body().replace("frankfurt", "tokyo"), signature)).isFalse();
      assertThat(WebhookSignature.verify("another-secret", timestamp, first.body(), signature)).isFalse();
      assertThat(first.header("Content-Type")).isEqualTo("application/json");

      JsonObject fired = new JsonObject(first.body());
      assertThat(fired.getString("event")).isEqualTo("firing");
      assertThat(fired.getString("alert")).isEqualTo("ProxywatchDivergence");
      assertThat(fired.getString("sent_at")).isNotBlank();
      JsonObject episode = fired.getJsonObject("episode");
      assertThat(episode.getLong("id")).isEqualTo(101);
      assertThat(episode.getString("module")).isEqualTo("example.com/hello");
      assertThat(episode.getJsonArray("outlier_regions")).containsExactly("frankfurt");
      assertThat(episode.getJsonObject("region_fingerprints").getString("frankfurt")).isEqualTo("200 sha256:ab12cd34");
      assertThat(episode.getString("fired_at")).isEqualTo("2026-11-26T09:14:30Z");
      assertThat(episode.getValue("resolved_at")).isNull();

      Receiver.Request second = receiver.requests().get(1);
      JsonObject resolved = new JsonObject(second.body());
      assertThat(resolved.getString("event")).isEqualTo("resolved");
      assertThat(resolved.getJsonObject("episode").getDouble("convergence_seconds")).isEqualTo(252.0);
      assertThat(resolved.getJsonObject("episode").getString("converged_last_region")).isEqualTo("frankfurt");
      assertThat(second.header(WebhookSignature.DELIVERY_HEADER)).isNotEqualTo(first.header(WebhookSignature.DELIVERY_HEADER));
    }
  }

  @Test
  void serverErrors_areRetried_untilDeliveredExactlyOnce() throws Exception {
    try (Receiver receiver = Receiver.start().answer(500, 500); Alerting alerting = start(receiver, new AtomicBoolean(true))) {
      enqueue(outbox.pool(), alerting, firing(201), 1);
      await().until(() -> receiver.delivered().size() == 1);

      assertThat(receiver.requests()).extracting(Receiver.Request::status).containsExactly(500, 500, 200);
      assertThat(receiver.requests()).extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER)).containsOnly(
          receiver.requests().get(0).header(WebhookSignature.DELIVERY_HEADER));
      await().until(() -> count(outbox.pool(), "episode_id = 201 AND delivered_at IS NOT NULL AND attempts = 3") == 1);
      assertThat(meters.counter("proxywatch_notification_failed_attempts", "channel", alerting.outbox().channels().get(0)).count())
          .isEqualTo(2);
      await().during(Duration.ofMillis(500)).until(() -> receiver.requests().size() == 3);
    }
  }

  @Test
  void clientError_givesUpAtOnce() throws Exception {
    try (Receiver receiver = Receiver.start().answer(400); Alerting alerting = start(receiver, new AtomicBoolean(true))) {
      enqueue(outbox.pool(), alerting, firing(301), 1);
      await().until(() -> count(outbox.pool(), "episode_id = 301 AND failed_at IS NOT NULL") == 1);

      assertThat(count(outbox.pool(), "episode_id = 301 AND attempts = 1 AND last_error LIKE 'HTTP 400%'")).isEqualTo(1);
      await().during(Duration.ofMillis(500)).until(() -> receiver.requests().size() == 1);
    }
  }

  @Test
  void stillFailingAfterTheMaxAge_givesUp_andLetsTheNextEventThrough() throws Exception {
    AlertingConfig.Timings f = Fixtures.FAST;
    AlertingConfig.Timings shortLived = new AlertingConfig.Timings(f.poll(), f.initialBackoff(), f.maxBackoff(),
        Duration.ofMillis(300), f.requestTimeout(), f.alertmanagerResend());
    try (Receiver receiver = Receiver.start().otherwise(503);
         Alerting alerting = outbox.start(new AlertingConfig(List.of(receiver.url("/hook")), SECRET, List.of(), List.of(),
             shortLived), meters, () -> true)) {
      enqueue(outbox.pool(), alerting, firing(351), 1);
      await().until(() -> count(outbox.pool(), "episode_id = 351 AND failed_at IS NOT NULL AND last_error LIKE 'HTTP 503%'") == 1);
      receiver.otherwise(200);
      enqueue(outbox.pool(), alerting, resolved(351), 2);
      await().until(() -> count(outbox.pool(), "episode_id = 351 AND event = 'resolved' AND delivered_at IS NOT NULL") == 1);
      assertThat(meters.counter("proxywatch_notifications_given_up", "channel", alerting.outbox().channels().get(0)).count())
          .isEqualTo(1);
    }
  }

  @Test
  void resolved_waitsUntilItsFiringIsDelivered() throws Exception {
    try (Receiver receiver = Receiver.start().answer(503, 503); Alerting alerting = start(receiver, new AtomicBoolean(true))) {
      enqueue(outbox.pool(), alerting, firing(401), 1);
      enqueue(outbox.pool(), alerting, resolved(401), 2);
      await().until(() -> receiver.delivered().size() == 2);

      assertThat(receiver.requests()).extracting(r -> new JsonObject(r.body()).getString("event"))
          .containsExactly("firing", "firing", "firing", "resolved");
    }
  }

  @Test
  void sameEventTwice_isOneRow_whicheverOutboxWritesIt() throws Exception {
    try (Receiver receiver = Receiver.start(); Alerting alerting = start(receiver, new AtomicBoolean(true))) {
      enqueue(outbox.pool(), alerting, firing(501), 1);
      enqueue(outbox.pool(), alerting, firing(501), 1);
      try (Connection c = outbox.pool().getConnection()) {
        NotificationOutbox another = new NotificationOutbox(alerting.outbox().channels());
        another.enqueue(c, firing(501), 1);
        another.enqueue(c, firing(501), 2);
      }
      alerting.wake();
      await().until(() -> receiver.delivered().size() == 2);

      assertThat(count(outbox.pool(), "episode_id = 501")).isEqualTo(2);
    }
  }

  @Test
  void follower_sendsNothing_untilItLeads() throws Exception {
    AtomicBoolean leader = new AtomicBoolean(false);
    try (Receiver receiver = Receiver.start(); Alerting alerting = start(receiver, leader)) {
      enqueue(outbox.pool(), alerting, firing(601), 1);
      await().during(Duration.ofMillis(500)).until(() -> receiver.requests().isEmpty());

      leader.set(true);
      await().until(() -> receiver.delivered().size() == 1);
    }
  }

  /** Measures, not a pass/fail timing: commit of the event to its arrival at the receiver, with and without wake(). */
  @Test
  void deliveryLatency_isRecordedPerRow() throws Exception {
    AlertingConfig production = new AlertingConfig(List.of(), SECRET, List.of(), List.of(), AlertingConfig.Timings.DEFAULT);
    try (Receiver receiver = Receiver.start();
         Alerting alerting = outbox.start(new AlertingConfig(List.of(receiver.url("/hook")), SECRET, List.of(), List.of(),
             production.timings()), meters, () -> true)) {
      List<Long> woken = measure(receiver, alerting, 1000, true);
      List<Long> polled = measure(receiver, alerting, 2000, false);
      Timer timer = meters.timer("proxywatch_notification_delivery_latency", "channel", alerting.outbox().channels().get(0));
      await().until(() -> timer.count() == 40);
      System.out.printf("enqueue->receiver with wake(): %s; poll only (200ms): %s; timer mean %.1f ms, max %.1f ms%n",
          summary(woken), summary(polled), timer.mean(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS));
    }
  }

  private static List<Long> measure(Receiver receiver, Alerting alerting, int firstEpisode, boolean wake) throws Exception {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int before = receiver.delivered().size();
      long committed;
      try (Connection c = outbox.pool().getConnection()) {
        c.setAutoCommit(false);
        alerting.outbox().enqueue(c, firing(firstEpisode + i), 1);
        c.commit();
        committed = System.nanoTime();
      }
      if (wake) alerting.wake();
      await().until(() -> receiver.delivered().size() == before + 1);
      micros.add((receiver.delivered().get(before).receivedNanos() - committed) / 1000);
    }
    return micros;
  }

  private static String summary(List<Long> micros) {
    List<Long> sorted = micros.stream().sorted().toList();
    return String.format("p50 %.1f ms, max %.1f ms (n=%d)", sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
  }
}
