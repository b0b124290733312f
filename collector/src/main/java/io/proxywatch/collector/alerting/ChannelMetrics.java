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
    delivered = meters.counter("proxywatch_notifications_delivered", "channel", channel);
    failedAttempts = meters.counter("proxywatch_notification_failed_attempts", "channel", channel);
    givenUp = meters.counter("proxywatch_notifications_given_up", "channel", channel);
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
    meters.counter("proxywatch_alertmanager_resends", "channel", channel, "outcome", ok ? "ok" : "failed").increment();
  }
}
