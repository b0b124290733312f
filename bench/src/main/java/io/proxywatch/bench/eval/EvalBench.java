package io.proxywatch.bench.eval;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.Report;
import io.proxywatch.bench.Stats;
import io.proxywatch.collector.divergence.DivergenceMonitor;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.collector.divergence.EvaluationMode;
import io.proxywatch.collector.divergence.FreshnessWindows;
import io.proxywatch.collector.divergence.GroundTruthPolicy;
import io.proxywatch.collector.leader.Leadership;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.SampleWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code eval}: the same fleet (BENCH_EVAL_REGIONS x BENCH_EVAL_TARGETS, every target probed every 30 s)
 * written straight into the collector's writer (gRPC left out: one stream per region would be the bottleneck here,
 * not evaluation), on a fresh database per evaluator, today's scan first, then the incremental evaluator. Each phase
 * fills one round, starts the leader's monitor, waits for its first decision, then measures BENCH_EVAL_SECONDS under
 * load with a content divergence injected every BENCH_EVAL_INJECT_MS.
 */
public final class EvalBench {
  private static final String DB = "bench_eval";
  private static final long CADENCE_MICROS = 30_000_000L;

  private final BenchEnv env;
  private final Report report;

  public EvalBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  public void run() throws Exception {
    for (String mode : env.vars().getOrDefault("BENCH_EVAL_MODES", "scan,incremental").split(",")) {
      phase(EvaluationMode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT)));
    }
  }

  private void phase(EvaluationMode mode) throws Exception {
    List<String> regions = List.of("tokyo", "frankfurt", "sao-paulo", "los-angeles", "virginia", "sydney", "mumbai",
        "johannesburg").subList(0, env.integer("BENCH_EVAL_REGIONS", 8));
    int targets = env.integer("BENCH_EVAL_TARGETS", 100_000);
    double rate = regions.size() * (double) targets / (CADENCE_MICROS / 1e6);
    String name = "eval." + mode.name().toLowerCase(java.util.Locale.ROOT);
    BenchDb db = new BenchDb(env.dbUrl());
    db.fresh(DB);
    try (HikariDataSource pool = Database.pool(db.settings(DB, 8), "bench-eval")) {
      SampleWriter writer = new SampleWriter(pool, 4096, 5000, new SimpleMeterRegistry());
      FleetLoad load = new FleetLoad(writer, regions, targets);
      long started = System.nanoTime();
      load.round(System.currentTimeMillis() * 1000, CADENCE_MICROS);
      report.figure(name + ".fill_samples_per_s", load.committed.get() / ((System.nanoTime() - started) / 1e9),
          "samples/s (one round of " + load.committed.get() + " as fast as the writer takes it)");
      long heapBefore = Resources.heapAfterGcBytes();
      Decisions decisions = new Decisions();
      DivergencePolicy policy = new DivergencePolicy(Duration.ofSeconds(90), 1, Duration.ofMinutes(30),
          Duration.ofMinutes(5), Duration.ofSeconds(1));
      DivergenceMonitor monitor = new DivergenceMonitor(pool, new Leadership(db.settings(DB, 2)), policy,
          FreshnessWindows.uniform(policy.freshness()), GroundTruthPolicy.defaults(), Duration.ofSeconds(2), decisions,
          decisions::committed, Clock.systemUTC(), mode);
      writer.onCommit(monitor::committed);
      SimpleMeterRegistry evaluations = new SimpleMeterRegistry();
      monitor.meteredBy(evaluations);
      try {
        measure(name, load, decisions, rate, heapBefore);
        evaluations(name, evaluations);
      } finally {
        monitor.close();
        writer.close();
      }
    } finally {
      try {
        db.drop(DB);
      } catch (java.sql.SQLException e) {
        System.err.println("could not drop " + DB + " (dropped again by the next run): " + e.getMessage());
      }
    }
  }

  private void measure(String name, FleetLoad load, Decisions decisions, double rate, long heapBefore) throws Exception {
    long loadStart = System.nanoTime() - (long) (load.sent() / rate * 1e9);
    String first = load.inject();
    long waitStart = System.nanoTime();
    while (!decisions.decidedAt.containsKey(first) && System.nanoTime() - waitStart < 300e9) {
      load.sendDue(loadStart, rate);
      Thread.sleep(20);
    }
    report.figure(name + ".first_decision_s", (System.nanoTime() - waitStart) / 1e9,
        "s (leader starts: its first evaluation" + (decisions.decidedAt.containsKey(first) ? "" : ", NOT decided in 300 s") + ")");
    List<String> injected = new ArrayList<>();
    long committed0 = load.committed.get();
    long cpu0 = Resources.threadCpuNanos("proxywatch-divergence");
    long[] machine0 = Resources.machineJiffies();
    long t0 = System.nanoTime();
    long seconds = env.integer("BENCH_EVAL_SECONDS", 60);
    long injectEvery = env.integer("BENCH_EVAL_INJECT_MS", 2_000) * 1_000_000L;
    long nextInjection = t0;
    while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
      load.sendDue(loadStart, rate);
      if (System.nanoTime() >= nextInjection) {
        injected.add(load.inject());
        nextInjection += injectEvery;
      }
      Thread.sleep(20);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu1 = Resources.threadCpuNanos("proxywatch-divergence");
    long[] machine1 = Resources.machineJiffies();
    long committed1 = load.committed.get();
    load.drain();
    long settle = System.nanoTime();
    while (!decisions.decidedAt.keySet().containsAll(injected) && System.nanoTime() - settle < 30e9) Thread.sleep(50);
    List<Double> latencies = new ArrayList<>();
    for (String module : injected) {
      Long decided = decisions.decidedAt.get(module);
      Long commit = load.injectedCommits.get(module);
      if (decided != null && commit != null) latencies.add((decided - commit) / 1e6);
    }
    Stats s = Stats.of(latencies);
    report.figure(name + ".samples_per_s", (committed1 - committed0) / wall,
        "samples/s committed (target " + Report.format(rate) + "; " + load.failed.get() + " failed)");
    report.figure(name + ".evaluator_cpu_per_s", (cpu1 - cpu0) / 1e9 / wall, "CPU s/s (the evaluating thread; database work not included)");
    report.figure(name + ".machine_cpu_busy", 100.0 * (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]),
        "% of all cores (database, writer, load generator and evaluator together)");
    report.figure(name + ".commit_to_decision.p50", s.median(), "ms");
    report.figure(name + ".commit_to_decision.p90", s.percentile(90), "ms");
    latencies.sort(java.util.Comparator.reverseOrder());
    report.figure(name + ".commit_to_decision.slowest", latencies.isEmpty() ? 0 : latencies.get(0), "ms (the five slowest: "
        + latencies.subList(0, Math.min(5, latencies.size())).stream().map(Report::format).toList() + ")");
    report.figure(name + ".commit_to_decision.p99", s.percentile(99), "ms (" + s.count() + " of " + injected.size()
        + " injected divergences decided, max " + Report.format(s.max()) + " ms; target p99 <= 100 ms)");
    long heap = Resources.heapAfterGcBytes();
    report.figure(name + ".heap_after_gc", heap / 1048576.0, "MiB (in-process: writer, load and evaluator; "
        + Report.format((heap - heapBefore) / 1048576.0) + " MiB more than before the monitor started)");
    report.figure(name + ".rss", Resources.rssBytes() / 1048576.0, "MiB (the whole bench JVM: writer, load and evaluator, max heap "
        + Report.format(Runtime.getRuntime().maxMemory() / 1048576.0) + " MiB; an upper bound of the collector's; target <= 1536 MiB)");
  }

  /** How long the monitor's evaluations took over the whole phase (rebuild included), by scope. */
  private void evaluations(String name, SimpleMeterRegistry meters) {
    for (Timer timer : meters.find("proxywatch_divergence_evaluation").timers()) {
      String scope = name + ".evaluation_" + timer.getId().getTag("scope");
      HistogramSnapshot h = timer.takeSnapshot();
      StringBuilder buckets = new StringBuilder();
      for (CountAtBucket b : h.histogramCounts()) {
        buckets.append(buckets.length() == 0 ? "" : ", ").append("<= ").append(Report.format(b.bucket(TimeUnit.MILLISECONDS)))
            .append(" ms: ").append((long) b.count());
      }
      report.figure(scope + ".mean", h.mean(TimeUnit.MILLISECONDS), "ms (" + h.count() + " evaluations; cumulative "
          + buckets + ")");
      report.figure(scope + ".max", h.max(TimeUnit.MILLISECONDS), "ms");
    }
    meters.find("proxywatch_divergence_catchup_rows").functionCounters().forEach(c -> report.figure(name
        + ".catchup_rows", c.count(), "rows read back from the database for commits not handed over by the writer"));
  }
}
