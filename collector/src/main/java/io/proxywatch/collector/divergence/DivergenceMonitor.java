package io.proxywatch.collector.divergence;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.proxywatch.collector.health.Heartbeat;
import io.proxywatch.collector.health.Heartbeats;
import io.proxywatch.collector.leader.Leadership;
import io.proxywatch.collector.storage.CommittedSamples;
import io.proxywatch.common.Durations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the evaluator on the leader replica: at once when new samples are committed ({@link #committed}),
 * and every sweep interval regardless, for grace periods and cool-downs that end without new samples. In
 * {@link EvaluationMode#INCREMENTAL} the leader keeps every target's latest answer per region in memory (rebuilt when
 * it becomes leader, then fed by this replica's commits) and compares only what changed; {@link EvaluationMode#SCAN}
 * reads the whole fresh window every time. Incremental evaluations woken by commits judge targets and regions; agent
 * liveness and ground truth, which commits of samples do not change, are judged at the sweep cadence.
 */
public final class DivergenceMonitor implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(DivergenceMonitor.class);
  private static final Duration[] EVALUATION_BUCKETS = LongStream.of(5, 10, 25, 50, 100, 250, 1_000, 10_000)
      .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

  private final DataSource dataSource;
  private final Leadership leadership;
  private final Evaluator evaluator;
  private final LatestObservations latest;
  private final DivergencePolicy policy;
  private final Runnable afterEvents;
  private final Semaphore wakeups = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Heartbeat heartbeat = Heartbeat.NONE;
  private long lastFullNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
  private volatile Timer targetEvaluations;
  private volatile Timer fullEvaluations;

  public DivergenceMonitor(DataSource dataSource, Leadership leadership, DivergencePolicy policy, EpisodeEvents events,
                           Runnable afterEvents, Clock clock) {
    this(dataSource, leadership, policy, FreshnessWindows.uniform(policy.freshness()), GroundTruthPolicy.defaults(),
        Durations.parse(DivergencePolicy.DEFAULT_CLOCK_SKEW_BOUND), events, afterEvents, clock, EvaluationMode.INCREMENTAL);
  }

  /**
   * windows: how old an observation of each endpoint class may be (from the watches' cadences); truth: how checksum
   * findings are judged; clockSkewBound: an agent whose clock is off by more has an agent_clock episode open; mode:
   * whether each evaluation compares only what changed or scans the whole fresh window.
   */
  public DivergenceMonitor(DataSource dataSource, Leadership leadership, DivergencePolicy policy,
                           java.util.function.Supplier<FreshnessWindows> windows, GroundTruthPolicy truth,
                           Duration clockSkewBound, EpisodeEvents events, Runnable afterEvents, Clock clock,
                           EvaluationMode mode) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.leadership = Objects.requireNonNull(leadership, "leadership");
    this.policy = policy;
    this.latest = mode == EvaluationMode.INCREMENTAL ? new LatestObservations(windows) : null;
    this.evaluator = new Evaluator(policy, windows, truth, clockSkewBound, events, clock, latest);
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

  /**
   * Times every evaluation ({@code proxywatch_divergence_evaluation}, scope {@code targets}: woken by commits, targets
   * and regions only; {@code all}: every rule, at the sweep cadence), and counts the rows the incremental table read
   * back from the database for other replicas ({@code proxywatch_divergence_catchup_rows}).
   */
  public void meteredBy(MeterRegistry meters) {
    targetEvaluations = evaluationTimer(meters, "targets");
    fullEvaluations = evaluationTimer(meters, "all");
    if (latest != null) {
      FunctionCounter.builder("proxywatch_divergence_catchup_rows", latest, LatestObservations::caughtUp)
          .description("Rows the leader's table of latest answers read back from the database (other replicas' commits)")
          .register(meters);
    }
  }

  private static Timer evaluationTimer(MeterRegistry meters, String scope) {
    return Timer.builder("proxywatch_divergence_evaluation").description("Time of one divergence evaluation, commit included")
        .tag("scope", scope).serviceLevelObjectives(EVALUATION_BUCKETS).register(meters);
  }

  /**
   * This replica's writer committed these samples (on its thread, in commit order): the leader's table takes them,
   * and an evaluation follows soon. Cheap; a non-leader only wakes (and ignores them).
   */
  public void committed(CommittedSamples samples) {
    if (latest != null) latest.offer(samples);
    wake();
  }

  /** Evaluate soon. Cheap and safe to call from any thread, often. */
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
        else if (latest != null) latest.forget();
        heartbeat.beat();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    heartbeat.close();
  }

  /**
   * Incremental: agents and ground truth at most once per sweep interval, targets at every wake-up; a scan judges
   * everything every time, as it always did.
   */
  private void evaluateOnce() {
    long start = System.nanoTime();
    boolean agentsAndTruth = latest == null || start - lastFullNanos >= policy.sweep().toNanos();
    try (Connection c = dataSource.getConnection()) {
      if (agentsAndTruth) lastFullNanos = start;
      int emitted = evaluator.evaluate(c, agentsAndTruth);
      Timer timer = agentsAndTruth ? fullEvaluations : targetEvaluations;
      if (timer != null) timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (emitted > 0) afterEvents.run();
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
