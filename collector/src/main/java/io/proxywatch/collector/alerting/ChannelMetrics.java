package io.proxywatch.collector.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Per channel: deliveries, failed attempts, rows given up on, the time from enqueue to delivery, re-sends. */
final class ChannelMetrics {
  final Counter delivered;
  final Counter failedAttempts;
  final Counter givenUp;
  final Timer latency;
  private final MeterRegistry meters;
  private final String channel;

  ChannelMetrics(MeterRegistry meters, String channel) {
    delivered = Counter.builder("proxywatch_notifications_delivered").description("Notifications delivered, by channel").tag("channel", channel).register(meters);
    failedAttempts = Counter.builder("proxywatch_notification_failed_attempts").description("Notification delivery attempts that failed (retried or given up), by channel").tag("channel", channel).register(meters);
    givenUp = Counter.builder("proxywatch_notifications_given_up").description("Notifications abandoned (a permanent error or older than the maximum age), by channel").tag("channel", channel).register(meters);
    latency = Timer.builder("proxywatch_notification_delivery_latency")
        .description("Time from the outbox row's creation (the enqueuing transaction's start) to its delivery")
        .tag("channel", channel)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(meters);
    this.meters = meters;
    this.channel = channel;
  }

  /** Alertmanager only: one re-send of the firing alerts, outcome "ok" or "failed". */
  void resent(boolean ok) {
    Counter.builder("proxywatch_alertmanager_resends").description("Re-sends of the firing alerts to Alertmanager, by outcome")
        .tags("channel", channel, "outcome", ok ? "ok" : "failed").register(meters).increment();
  }
}
