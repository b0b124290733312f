package io.proxywatch.agent.schedule;

import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.ProbeTarget;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes each target at its own interval, at a fixed rate from a jittered first start ({@link Jitter}). At
 * most {@code concurrency} probes run at once; a target whose previous probe is still running (or waiting
 * for a worker) is skipped and counted. {@link #replace} swaps the set at runtime: targets that stay keep
 * their rhythm, removed ones are never probed again, new ones start within their first-probe bound. One
 * timer thread owns the schedule; slow or failing probes only occupy workers.
 */
public final class ProbeScheduler implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ProbeScheduler.class);

  private final Function<ProbeTarget, Sample.Builder> prober;
  private final Consumer<Sample.Builder> sink;
  private final Clock clock;
  private final Jitter jitter;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  /** Owned by the timer thread. */
  private final Map<ScheduledTarget, Entry> scheduled = new HashMap<>();
  private final Set<ProbeTarget> busy = ConcurrentHashMap.newKeySet();
  private final ListChanges lists = new ListChanges();
  private final AtomicLong launches = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile boolean closed;

  public ProbeScheduler(int concurrency, Function<ProbeTarget, Sample.Builder> prober,
      Consumer<Sample.Builder> sink, Clock clock, RandomGenerator random) {
    this.prober = prober;
    this.sink = sink;
    this.clock = clock;
    this.jitter = new Jitter(random);
    this.timer = Executors.newSingleThreadScheduledExecutor(Threads.named("proxywatch-schedule"));
    this.workers = Executors.newFixedThreadPool(concurrency, Threads.named("proxywatch-probe"));
  }

  /** Probes exactly these targets from now on (duplicates count once); applied at once on the timer thread. */
  public void replace(Collection<ScheduledTarget> targets) {
    List<ScheduledTarget> next = List.copyOf(new LinkedHashSet<>(targets));
    onTimer(() -> apply(next));
  }

  private void apply(List<ScheduledTarget> next) {
    Set<ScheduledTarget> keep = Set.copyOf(next);
    scheduled.entrySet().removeIf(e -> !keep.contains(e.getKey()) && e.getValue().cancel());
    for (ScheduledTarget target : next) scheduled.computeIfAbsent(target, this::schedule);
    lists.retain(next.stream().filter(t -> t.target().endpoint() == Endpoint.LIST)
        .map(t -> ListChanges.key(t.target())).collect(Collectors.toSet()));
    logger.debug("probing {} targets", scheduled.size());
  }

  private Entry schedule(ScheduledTarget target) {
    long first = jitter.firstOffsetNanos(target.interval());
    Entry entry = new Entry(target.target(), clock.instant().plusNanos(first), target.interval());
    entry.future = timer.scheduleAtFixedRate(() -> launch(entry), first, target.interval().toNanos(),
        TimeUnit.NANOSECONDS);
    return entry;
  }

  private void launch(Entry entry) {
    Instant scheduledAt = entry.advance();
    launches.incrementAndGet();
    if (!closed && !entry.cancelled) start(entry.target, scheduledAt, "", entry);
  }

  /** Probes each target once, now, in parallel on the probe workers, tagging the samples with {@code checkId}. */
  public void check(String checkId, List<ProbeTarget> targets) {
    Instant now = clock.instant();
    for (ProbeTarget target : targets) execute(() -> run(target, now, checkId, null));
  }

  private void start(ProbeTarget target, Instant scheduledAt, String checkId, Entry entry) {
    if (!busy.add(target)) {
      skipped.incrementAndGet();
      logger.debug("skipped {}: its previous probe is still running", target);
      return;
    }
    execute(() -> {
      try {
        if (entry == null || !entry.cancelled) run(target, scheduledAt, checkId, entry);
      } finally {
        busy.remove(target);
      }
    });
  }

  private void run(ProbeTarget target, Instant scheduledAt, String checkId, Entry entry) {
    try {
      Instant started = clock.instant();
      Sample.Builder sample = prober.apply(target).setCheckId(checkId)
          .setScheduledUnixMicros(micros(scheduledAt)).setStartedUnixMicros(micros(started));
      if (closed) return;
      sink.accept(sample);
      done.incrementAndGet();
      if (entry != null) afterList(target, sample);
    } catch (RuntimeException e) {
      logger.warn("probe of {} failed unexpectedly", target, e);
    }
  }

  /** A changed {@code @v/list}: the module's immutable targets on that proxy are probed again at once. */
  private void afterList(ProbeTarget target, Sample.Builder sample) {
    boolean readInFull = sample.getHttpStatus() == 200 && sample.getErrorClass() == ErrorClass.ERROR_CLASS_NONE;
    if (target.endpoint() != Endpoint.LIST || !readInFull) return;
    if (!lists.changed(target, sample.getContentSha256())) return;
    logger.debug("{} changed: probing its .mod and .zip again now", target);
    onTimer(() -> reprobeImmutables(target));
  }

  private void reprobeImmutables(ProbeTarget list) {
    Instant now = clock.instant();
    scheduled.values().stream().map(e -> e.target).distinct()
        .filter(t -> t.proxy().equals(list.proxy()) && t.module().equals(list.module()))
        .filter(t -> t.endpoint() == Endpoint.MOD || t.endpoint() == Endpoint.ZIP)
        .forEach(t -> start(t, now, "", null));
  }

  private void execute(Runnable task) {
    submit(workers, task);
  }

  private void onTimer(Runnable task) {
    submit(timer, task);
  }

  /** Runs {@code task} on {@code executor}; dropped once the scheduler is closed. */
  private void submit(ExecutorService executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed) throw e;
    }
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** Scheduled probe starts so far, skipped ones included. */
  public long launches() {
    return launches.get();
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

  /** One scheduled target's timer; its fields other than {@code cancelled} are touched by the timer thread only. */
  private static final class Entry {
    final ProbeTarget target;
    final Duration interval;
    Instant next;
    ScheduledFuture<?> future;
    volatile boolean cancelled;

    Entry(ProbeTarget target, Instant first, Duration interval) {
      this.target = target;
      this.next = first;
      this.interval = interval;
    }

    /** The time this start was planned for; the next one is an interval later. */
    Instant advance() {
      Instant at = next;
      next = next.plus(interval);
      return at;
    }

    boolean cancel() {
      cancelled = true;
      future.cancel(false);
      return true;
    }
  }
}
