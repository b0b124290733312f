package io.proxywatch.collector.alerting;

import io.proxywatch.common.Durations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one channel's outbox rows on a thread of its own, so a slow channel never holds up the others.
 * Each row is claimed, sent and settled in one transaction: the row lock is held across the HTTP call.
 */
final class ChannelWorker implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ChannelWorker.class);

  private final Channel channel;
  private final DataSource dataSource;
  private final HttpDelivery http;
  private final RetryBackoff backoff;
  private final Duration maxAge;
  private final Duration closeTimeout;
  private final ChannelMetrics metrics;
  private final BooleanSupplier active;
  private final ExecutorService thread;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final FailureStreak deliveries;
  private final FailureStreak outbox;

  ChannelWorker(Channel channel, DataSource dataSource, HttpDelivery http, AlertingConfig.Timings timings,
                ChannelMetrics metrics, BooleanSupplier active) {
    this.channel = channel;
    this.dataSource = dataSource;
    this.http = http;
    this.backoff = new RetryBackoff(timings.initialBackoff(), timings.maxBackoff());
    this.maxAge = timings.maxAge();
    this.closeTimeout = timings.requestTimeout().plusSeconds(5);
    this.metrics = metrics;
    this.active = active;
    this.thread = Executors.newSingleThreadExecutor(Notifier.daemon("proxywatch-notify-" + channel.id()));
    this.deliveries = new FailureStreak(logger, "notifications to " + channel.id());
    this.outbox = new FailureStreak(logger, "notification outbox for " + channel.id());
  }

  String id() {
    return channel.id();
  }

  /** Drains the due rows soon; kicks while a drain is queued are merged into it. */
  void kick() {
    if (queued.compareAndSet(false, true)) submit(this::drain);
  }

  private void drain() {
    queued.set(false);
    try {
      while (active.getAsBoolean() && deliverOne()) {
        // one row per transaction, until none is due
      }
      outbox.succeeded();
    } catch (SQLException | RuntimeException e) {
      outbox.failed(e.toString());
    }
  }

  private boolean deliverOne() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Optional<OutboxRows.Claimed> row = OutboxRows.claim(c, channel.id());
        if (row.isPresent()) settle(c, row.get(), http.send(channel.request(row.get().id(), row.get().event())));
        c.commit();
        return row.isPresent();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private void settle(Connection c, OutboxRows.Claimed row, Outcome outcome) throws SQLException {
    String what = row.event().event() + " of episode " + row.event().episodeId() + " (outbox row " + row.id() + ")";
    switch (outcome.kind()) {
      case DELIVERED -> {
        Duration latency = OutboxRows.delivered(c, row.id());
        metrics.delivered.increment();
        metrics.latency.record(latency);
        deliveries.succeeded();
        logger.debug("delivered {} to {} on attempt {}, {} ms after it was queued", what, channel.id(), row.attempts() + 1,
            latency.toMillis());
      }
      case PERMANENT -> {
        OutboxRows.failed(c, row.id(), outcome.detail());
        metrics.failedAttempts.increment();
        metrics.givenUp.increment();
        logger.warn("giving up on {} to {}: {} (not retried)", what, channel.id(), outcome.detail());
      }
      case RETRY -> retry(c, row, outcome, what);
    }
  }

  private void retry(Connection c, OutboxRows.Claimed row, Outcome outcome, String what) throws SQLException {
    metrics.failedAttempts.increment();
    if (row.age().compareTo(maxAge) >= 0) {
      OutboxRows.failed(c, row.id(), outcome.detail());
      metrics.givenUp.increment();
      logger.warn("giving up on {} to {} after {} attempts over {}: {}", what, channel.id(), row.attempts() + 1,
          Durations.format(maxAge), outcome.detail());
      return;
    }
    Duration delay = backoff.delay(row.attempts() + 1);
    if (outcome.retryAfter().compareTo(delay) > 0) delay = outcome.retryAfter();
    OutboxRows.reschedule(c, row.id(), outcome.detail(), delay);
    deliveries.failed(outcome.detail());
  }

  boolean resends() {
    return channel instanceof AlertmanagerChannel;
  }

  /** Alertmanager only: re-posts the firing alerts this channel was told of, minus those already resolved on it. */
  void resend(List<AlertEvent> firing) {
    if (!(channel instanceof AlertmanagerChannel alertmanager)) return;
    submit(() -> {
      try {
        List<AlertEvent> alive = stillFiring(firing);
        if (alive.isEmpty() || !active.getAsBoolean()) return;
        Outcome outcome = http.send(alertmanager.refresh(alive));
        metrics.resent(outcome.kind() == Outcome.Kind.DELIVERED);
        if (outcome.kind() == Outcome.Kind.DELIVERED) deliveries.succeeded();
        else deliveries.failed("re-sending " + alive.size() + " firing alerts: " + outcome.detail());
      } catch (SQLException | RuntimeException e) {
        outbox.failed(e.toString());
      }
    });
  }

  private List<AlertEvent> stillFiring(List<AlertEvent> firing) throws SQLException {
    if (firing.isEmpty()) return firing;
    try (Connection c = dataSource.getConnection()) {
      Set<Long> told = OutboxRows.firingOn(c, channel.id(), firing.stream().map(AlertEvent::episodeId).toList());
      return firing.stream().filter(e -> told.contains(e.episodeId())).toList();
    }
  }

  private void submit(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      logger.debug("{} is closed; not running a task", channel.id());
    }
  }

  /** Lets the delivery in flight finish (its HTTP call is bounded by the timeout), then stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) thread.shutdownNow();
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
