package io.proxywatch.collector.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.health.Heartbeat;
import io.proxywatch.collector.health.Heartbeats;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox while this replica is the leader: polls for due rows (and on {@link #wake()}), hands
 * each channel's rows to that channel's worker, and re-sends firing alerts to Alertmanager so they do not
 * time out there. It holds no state the database does not: a new Notifier carries on where a closed one stopped.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Notifier.class);
  private static final Duration ORPHAN_SWEEP = Duration.ofMinutes(1);

  private final DataSource dataSource;
  private final Map<String, ChannelWorker> workers;
  private final BooleanSupplier isLeader;
  private final Supplier<List<AlertEvent>> firingNow;
  private final Duration maxAge;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("proxywatch-notify-poll"));
  private final FailureStreak polls = new FailureStreak(logger, "notification outbox poll");
  private final FailureStreak resends = new FailureStreak(logger, "listing the firing alerts to re-send");
  private final AtomicBoolean leaderCheckFailing = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Heartbeat heartbeat = Heartbeat.NONE;

  private Notifier(List<Channel> channels, DataSource dataSource, MeterRegistry meters, AlertingConfig.Timings timings,
                   BooleanSupplier isLeader, Supplier<List<AlertEvent>> firingNow) {
    this.dataSource = dataSource;
    this.isLeader = isLeader;
    this.firingNow = firingNow;
    this.maxAge = timings.maxAge();
    HttpDelivery http = new HttpDelivery(timings.requestTimeout());
    this.workers = channels.stream()
        .map(channel -> new ChannelWorker(channel, dataSource, http, timings, new ChannelMetrics(meters, channel.id()), this::active))
        .collect(Collectors.toUnmodifiableMap(ChannelWorker::id, Function.identity()));
  }

  static Notifier start(List<Channel> channels, DataSource dataSource, MeterRegistry meters, AlertingConfig.Timings timings,
                        BooleanSupplier isLeader, Supplier<List<AlertEvent>> firingNow) {
    Notifier notifier = new Notifier(channels, dataSource, meters, timings, isLeader, firingNow);
    notifier.schedule(timings);
    return notifier;
  }

  private void schedule(AlertingConfig.Timings timings) {
    long poll = timings.poll().toMillis();
    if (!workers.isEmpty()) ticker.scheduleWithFixedDelay(guarded(polls, this::poll), 0, poll, TimeUnit.MILLISECONDS);
    long resend = timings.alertmanagerResend().toMillis();
    ticker.scheduleWithFixedDelay(guarded(resends, this::resend), resend, resend, TimeUnit.MILLISECONDS);
    ticker.scheduleWithFixedDelay(guarded(polls, this::sweepOrphans), 0, ORPHAN_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True while this replica should deliver: not closed, and the leader. A failing leader check counts as "no". */
  boolean active() {
    if (closed) return false;
    try {
      boolean leader = isLeader.getAsBoolean();
      if (leaderCheckFailing.compareAndSet(true, false)) logger.info("the leader check works again");
      return leader;
    } catch (RuntimeException e) {
      if (leaderCheckFailing.compareAndSet(false, true)) {
        logger.warn("cannot tell whether this replica is the leader, so not sending notifications: {}", e.toString());
      }
      return false;
    }
  }

  /**
   * Marks progress on {@code heartbeats} (as "notifier") after every outbox poll that returns, failed or not (the
   * next poll retries); only a poll that never returns is stuck. Without channels there is no poll to watch.
   */
  public void watchedBy(Heartbeats heartbeats) {
    if (!workers.isEmpty()) heartbeat = heartbeats.register("notifier");
  }

  /** Look at the outbox now rather than at the next poll; call it after committing events. Never blocks. */
  public void wake() {
    if (active()) workers.values().forEach(ChannelWorker::kick);
  }

  private void poll() throws SQLException {
    try {
      if (!active()) return;
      try (Connection c = dataSource.getConnection()) {
        for (String channel : OutboxRows.dueChannels(c)) {
          ChannelWorker worker = workers.get(channel);
          if (worker != null) worker.kick();
        }
      }
    } finally {
      heartbeat.beat();
    }
  }

  private void resend() {
    if (!active() || workers.values().stream().noneMatch(ChannelWorker::resends)) return;
    List<AlertEvent> firing = firingNow.get().stream().filter(AlertEvent::isFiring).toList();
    workers.values().forEach(worker -> worker.resend(firing));
  }

  private void sweepOrphans() throws SQLException {
    if (!active()) return;
    try (Connection c = dataSource.getConnection()) {
      int expired = OutboxRows.expireOrphans(c, List.copyOf(workers.keySet()), maxAge);
      if (expired > 0) logger.warn("gave up on {} notifications for channels that are no longer configured", expired);
    }
  }

  /** A scheduled task must not throw: the executor would never run it again. */
  private static Runnable guarded(FailureStreak streak, Task task) {
    return () -> {
      try {
        task.run();
        streak.succeeded();
      } catch (Exception e) {
        streak.failed(e.toString());
      }
    };
  }

  /** Stops polling, lets each channel finish the delivery in flight, and returns; the outbox keeps the rest. */
  @Override
  public void close() {
    closed = true;
    heartbeat.close();
    ticker.shutdownNow();
    workers.values().forEach(ChannelWorker::close);
  }

  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private interface Task {
    void run() throws Exception;
  }
}
