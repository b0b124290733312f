package io.proxywatch.bench.ingest;

import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.Report;
import io.proxywatch.bench.Stats;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 1: N simulated agents stream to an in-process collector on a fresh database; then the very rows
 * the collector stored are written again with plain COPY ({@link RawCopy}: text, binary, over one connection or
 * several) into another fresh database with the same schema. Ratio = collector samples/s / the fastest COPY's rows/s.
 */
public final class IngestBench {
  private final BenchEnv env;
  private final Report report;
  private final BenchDb db;
  private final RawCopy rawCopy;

  public IngestBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
    this.db = new BenchDb(env.dbUrl());
    this.rawCopy = new RawCopy(db);
  }

  public void run() throws Exception {
    int reps = env.integer("BENCH_REPS", 2);
    int seconds = env.integer("BENCH_INGEST_SECONDS", 20);
    int maxInFlight = env.integer("BENCH_INGEST_IN_FLIGHT", 8);
    List<RawCopy.Variant> variants = variants();
    for (String n : env.vars().getOrDefault("BENCH_STREAMS", "16,64").split(",")) {
      int streams = Integer.parseInt(n.trim());
      List<Double> rates = new ArrayList<>();
      List<Double> copies = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> p99s = new ArrayList<>();
      for (int rep = 1; rep <= reps; rep++) {
        String p = "ingest." + streams + "_streams.run" + rep;
        report.text(p + ".load", BenchEnv.loadAverage());
        report.text(p + ".collector_role", followerOnly() ? "follower" : "leader");
        Run run = collectorRun(streams, seconds, maxInFlight);
        double best = 0;
        for (RawCopy.Variant variant : variants) {
          double copy = rawCopy.rowsPerSecond(run.stored, run.baseMicros, variant);
          report.figure(p + ".raw_copy_" + variant.label(), copy, "rows/s");
          report.figure(p + ".ratio_to_raw_copy_" + variant.label(), run.rate / copy, "");
          best = Math.max(best, copy);
        }
        report.figure(p + ".committed", run.rate, "samples/s");
        report.figure(p + ".ack_latency_p50", run.latencies.median(), "ms");
        report.figure(p + ".ack_latency_p99", run.latencies.percentile(99), "ms");
        report.figure(p + ".ratio_to_fastest_raw_copy", run.rate / best, "(target >= 0.9)");
        report.text(p + ".load_after", BenchEnv.loadAverage());
        rates.add(run.rate);
        copies.add(best);
        ratios.add(run.rate / best);
        p99s.add(run.latencies.percentile(99));
      }
      String p = "ingest." + streams + "_streams";
      report.line(p + ".committed: " + Report.format(Stats.of(rates).median()) + " samples/s (median of " + reps + ", spread " + Stats.of(rates).spread()
          + ") vs fastest raw COPY " + Report.format(Stats.of(copies).median()) + " rows/s (spread " + Stats.of(copies).spread() + ")");
      report.line(p + ".ratio_to_fastest_raw_copy: " + Report.format(Stats.of(ratios).median()) + " (spread " + Stats.of(ratios).spread() + ", target >= 0.9)");
      report.line(p + ".ack_latency_p99: " + Report.format(Stats.of(p99s).median()) + " ms (spread " + Stats.of(p99s).spread()
          + ", up to " + maxInFlight + " batches of 500 in flight per stream)");
    }
  }

  /** BENCH_RAW_COPY: the baselines, e.g. "text,binary,binary:2" (format[:connections]); every one is measured. */
  private List<RawCopy.Variant> variants() {
    List<RawCopy.Variant> variants = new ArrayList<>();
    for (String v : env.vars().getOrDefault("BENCH_RAW_COPY", "text,binary,binary:2").split(",")) {
      String[] parts = v.trim().split(":");
      variants.add(new RawCopy.Variant(RawCopy.Format.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)),
          parts.length > 1 ? Integer.parseInt(parts[1]) : 1));
    }
    return variants;
  }

  private record Run(int streams, long[] stored, long baseMicros, double rate, Stats latencies) {}

  @SuppressWarnings("try") // leaderLock only has to be held (the collector then runs as a follower)
  private Run collectorRun(int streams, int seconds, int maxInFlight) throws Exception {
    db.fresh("bench_ingest");
    long baseMicros = (System.currentTimeMillis() - 3_600_000L) * 1000;
    LatencyRecorder latencies = new LatencyRecorder();
    List<SimulatedAgent> agents = new ArrayList<>();
    try (Connection leaderLock = followerOnly() ? leaderLock() : null;
         Collector collector = Collector.start(CollectorConfig.of(db.settings("bench_ingest", 10), 0, 0))) {
      for (int i = 0; i < streams; i++) agents.add(new SimulatedAgent(i, collector.grpcPort(), baseMicros, maxInFlight, latencies));
      agents.forEach(SimulatedAgent::start);
      Thread.sleep(3_000);
      latencies.recording = true;
      long ackedBefore = acked(agents);
      long started = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long ackedAfter = acked(agents);
      double elapsed = (System.nanoTime() - started) / 1e9;
      latencies.recording = false;
      agents.forEach(SimulatedAgent::stop);
      long[] stored = storedPerAgent(streams);
      return new Run(streams, stored, baseMicros, (ackedAfter - ackedBefore) / elapsed, latencies.millis());
    }
  }

  /**
   * BENCH_INGEST_ROLE=follower: the bench holds the leader lock itself, so the collector ingests as a follower replica
   * does (no divergence evaluation woken by each commit, no leader jobs): the ingest path alone. Default: leader.
   */
  private boolean followerOnly() {
    return env.vars().getOrDefault("BENCH_INGEST_ROLE", "leader").equals("follower");
  }

  /** The advisory lock the collector's Leadership takes (its LOCK_KEY, "proxywatch"), held on a connection of our own. */
  private Connection leaderLock() throws Exception {
    Connection c = db.connect("bench_ingest");
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + 0x7077_6174_6368L + ")");
    }
    return c;
  }

  private static long acked(List<SimulatedAgent> agents) {
    return agents.stream().mapToLong(a -> a.acked.get()).sum();
  }

  private long[] storedPerAgent(int streams) throws Exception {
    long[] stored = new long[streams];
    try (Connection c = db.connect("bench_ingest"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT agent_id, highest_sequence FROM agents")) {
      while (rs.next()) stored[Integer.parseInt(rs.getString(1).substring("bench-ingest-".length()))] = rs.getLong(2);
    }
    return stored;
  }
}
