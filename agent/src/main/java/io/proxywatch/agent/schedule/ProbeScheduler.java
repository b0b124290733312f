package io.proxywatch.agent.schedule;

import io.proxywatch.agent.probe.ProbeTarget;
import io.proxywatch.proto.v1.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one round of probes every interval, at a fixed rate: each target starts at a jittered offset into
 * the round, at most {@code concurrency} probes run at once, and a target whose previous probe is still
 * running (or still waiting for a worker) is skipped for that round and counted. Slow or failing probes
 * only occupy workers; they never delay the rounds.
 */
public final class ProbeScheduler implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ProbeScheduler.class);

  private final List<ProbeTarget> targets;
  private final Duration interval;
  private final Function<ProbeTarget, Sample.Builder> prober;
  private final Consumer<Sample.Builder> sink;
  private final Clock clock;
  private final Jitter jitter;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Set<ProbeTarget> busy = ConcurrentHashMap.newKeySet();
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile boolean closed;

  public ProbeScheduler(List<ProbeTarget> targets, Duration interval, int concurrency,
      Function<ProbeTarget, Sample.Builder> prober, Consumer<Sample.Builder> sink, Clock clock,
      RandomGenerator random) {
    this.targets = List.copyOf(targets);
    this.interval = interval;
    this.prober = prober;
    this.sink = sink;
    this.clock = clock;
    this.jitter = new Jitter(interval, random);
    this.timer = Executors.newSingleThreadScheduledExecutor(Threads.named("proxywatch-schedule"));
    this.workers = Executors.newFixedThreadPool(concurrency, Threads.named("proxywatch-probe"));
  }

  public void start() {
    timer.scheduleAtFixedRate(this::startRound, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void startRound() {
    Instant roundStart = clock.instant();
    rounds.incrementAndGet();
    for (ProbeTarget target : targets) {
      long offset = jitter.nextOffsetNanos();
      Instant scheduledAt = roundStart.plusNanos(offset);
      timer.schedule(() -> launch(target, scheduledAt), offset, TimeUnit.NANOSECONDS);
    }
  }

  private void launch(ProbeTarget target, Instant scheduledAt) {
    if (closed) return;
    if (!busy.add(target)) {
      skipped.incrementAndGet();
      logger.debug("skipped {}: its previous probe is still running", target);
      return;
    }
    workers.execute(() -> run(target, scheduledAt));
  }

  private void run(ProbeTarget target, Instant scheduledAt) {
    try {
      Instant started = clock.instant();
      Sample.Builder sample = prober.apply(target)
          .setScheduledUnixMicros(micros(scheduledAt))
          .setStartedUnixMicros(micros(started));
      if (!closed) {
        sink.accept(sample);
        done.incrementAndGet();
      }
    } catch (RuntimeException e) {
      logger.warn("probe of {} failed unexpectedly", target, e);
    } finally {
      busy.remove(target);
    }
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** Rounds started so far. */
  public long rounds() {
    return rounds.get();
  }

  /** Probes finished and handed to the sink. */
  public long probesDone() {
    return done.get();
  }

  /** Probes not started because the target's previous probe was still running. */
  public long probesSkipped() {
    return skipped.get();
  }

  /** Stops starting probes; probes in flight finish (or are cancelled by the caller) and are discarded. */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    workers.shutdown();
  }

  /** Waits for the probe workers to finish after {@link #close}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
