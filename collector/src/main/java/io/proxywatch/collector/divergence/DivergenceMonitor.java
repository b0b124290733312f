package io.proxywatch.collector.divergence;

import io.proxywatch.collector.health.Heartbeat;
import io.proxywatch.collector.health.Heartbeats;
import io.proxywatch.collector.leader.Leadership;
import io.proxywatch.common.Durations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the evaluator on the leader replica: at once when new samples are committed ({@link #wake()}),
 * and every sweep interval regardless, for grace periods and cool-downs that end without new samples.
 */
public final class DivergenceMonitor implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(DivergenceMonitor.class);

  private final DataSource dataSource;
  private final Leadership leadership;
  private final Evaluator evaluator;
  private final DivergencePolicy policy;
  private final Runnable afterEvents;
  private final Semaphore wakeups = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Heartbeat heartbeat = Heartbeat.NONE;

  public DivergenceMonitor(DataSource dataSource, Leadership leadership, DivergencePolicy policy, EpisodeEvents events,
                           Runnable afterEvents, Clock clock) {
    this(dataSource, leadership, policy, FreshnessWindows.uniform(policy.freshness()), GroundTruthPolicy.defaults(),
        Durations.parse(DivergencePolicy.DEFAULT_CLOCK_SKEW_BOUND), events, afterEvents, clock);
  }

  /**
   * windows: how old an observation of each endpoint class may be (from the watches' cadences); truth: how checksum
   * findings are judged; clockSkewBound: an agent whose clock is off by more has an agent_clock episode open.
   */
  public DivergenceMonitor(DataSource dataSource, Leadership leadership, DivergencePolicy policy,
                           java.util.function.Supplier<FreshnessWindows> windows, GroundTruthPolicy truth,
                           Duration clockSkewBound, EpisodeEvents events, Runnable afterEvents, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.leadership = Objects.requireNonNull(leadership, "leadership");
    this.policy = policy;
    this.evaluator = new Evaluator(policy, windows, truth, clockSkewBound, events, clock);
    this.afterEvents = Objects.requireNonNull(afterEvents, "afterEvents");
    this.thread = new Thread(this::run, "proxywatch-divergence");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Marks progress on {@code heartbeats} (as "divergence-evaluator") after every sweep, whether it evaluated (leader),
   * failed (database down: retried next sweep) or had nothing to do; only a sweep that never returns is stuck.
   */
  public void watchedBy(Heartbeats heartbeats) {
    heartbeat = heartbeats.register("divergence-evaluator");
  }

  /** New samples were committed: evaluate soon. Cheap and safe to call from any thread, often. */
  public void wake() {
    if (wakeups.availablePermits() == 0) wakeups.release();
  }

  private void run() {
    long nextLeaderCheck = 0;
    while (running) {
      try {
        wakeups.tryAcquire(policy.sweep().toMillis(), TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
        if (System.nanoTime() >= nextLeaderCheck) {
          leadership.refresh();
          nextLeaderCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        }
        if (!running) break;
        if (leadership.isLeader()) evaluateOnce();
        heartbeat.beat();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    heartbeat.close();
  }

  private void evaluateOnce() {
    try (Connection c = dataSource.getConnection()) {
      if (evaluator.evaluate(c) > 0) afterEvents.run();
    } catch (SQLException | RuntimeException e) {
      logger.warn("divergence evaluation failed, retrying at the next sweep: {}", e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    leadership.close();
  }
}
