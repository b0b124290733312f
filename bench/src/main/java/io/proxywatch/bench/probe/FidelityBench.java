package io.proxywatch.bench.probe;

import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.Report;
import io.proxywatch.bench.Stats;
import java.nio.file.Path;
import java.util.List;

/**
 * Scenario 4: the agent, blackbox_exporter and curl against the same HTTPS server with an injected first-byte
 * delay, a fresh connection per probe. Fidelity: each prober's first byte minus its TLS end (blackbox's
 * "processing" phase) against the delay, one probe at a time. Throughput: probes/s with the same concurrency.
 * With {@code BENCH_AGENT_BASELINE_JAR} a second agent jar (an earlier build) is measured next to the agent in each
 * phase (after it in odd repetitions, before it in even ones), so before and after share the run and its load. Each agent process warms up for
 * {@code BENCH_AGENT_WARMUP_SECONDS} [5] before it is measured, and runs with {@code BENCH_FIDELITY_AGENT_OPTS}
 * [-Xmx256m] (the Helm chart's default, the lean set at -Xmx24m, is what agents are deployed with).
 */
public final class FidelityBench {
  private final BenchEnv env;
  private final Report report;

  public FidelityBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  public void run() throws Exception {
    int delayMs = env.integer("BENCH_DELAY_MS", 20);
    int concurrency = env.integer("BENCH_PROBE_CONCURRENCY", 8);
    int seconds = env.integer("BENCH_PROBE_SECONDS", 12);
    int reps = env.integer("BENCH_REPS", 2);
    try (ProbeRig rig = new ProbeRig(env, "bench_probe", delayMs * 1_000_000L)) {
      for (int rep = 1; rep <= reps; rep++) {
        String p = "fidelity.run" + rep + ".";
        boolean baselineFirst = rep % 2 == 0; // alternate, so neither build always runs on the heels of the other
        fidelity(p + "sequential.", rig, 1, seconds, delayMs, baselineFirst);
        fidelity(p + "saturated.", rig, concurrency, seconds, delayMs, baselineFirst);
      }
      report.figure("fidelity.server_overshoot_mean", rig.server.meanOvershootMicros() / 1000, "ms (the server's own wait beyond the delay)");
    }
  }

  private void fidelity(String prefix, ProbeRig rig, int concurrency, int seconds, int delayMs, boolean baselineFirst)
      throws Exception {
    CurlProber.Result curl = new CurlProber(rig.url(), rig.tls.pem()).run(concurrency, seconds);
    print(prefix + "curl", curl.processingMicros(), curl.probesPerSecond(), curl.failures(), delayMs);
    if (BlackboxProber.BINARY.toFile().canExecute()) {
      try (BlackboxProber blackbox = new BlackboxProber(rig.dir, rig.tls.pem(), rig.url())) {
        blackbox.run(concurrency, 2); // warm-up
        CurlProber.Result bb = blackbox.run(concurrency, seconds);
        print(prefix + "blackbox_exporter", bb.processingMicros(), bb.probesPerSecond(), bb.failures(), delayMs);
      }
    } else {
      report.text(prefix + "blackbox_exporter", "not installed (apt-get install -y prometheus-blackbox-exporter)");
    }
    String baseline = env.vars().get("BENCH_AGENT_BASELINE_JAR");
    if (baseline != null && baselineFirst) agent(prefix + "agent_baseline", Path.of(baseline), rig, concurrency, seconds, delayMs);
    agent(prefix + "agent", env.agentJar(), rig, concurrency, seconds, delayMs);
    if (baseline != null && !baselineFirst) agent(prefix + "agent_baseline", Path.of(baseline), rig, concurrency, seconds, delayMs);
  }

  /** Enough targets at a 1 s interval that the agent's workers never idle: probes/s is its ceiling. */
  @SuppressWarnings("try") // the agent process only has to run; its results are read from the database
  private void agent(String name, Path jar, ProbeRig rig, int concurrency, int seconds, int delayMs) throws Exception {
    String region = "fid-c" + concurrency + "-" + System.nanoTime() % 100_000;
    int modules = Math.max(40, concurrency * 250);
    List<String> options = List.of(env.vars().getOrDefault("BENCH_FIDELITY_AGENT_OPTS", "-Xmx256m").trim().split("\\s+"));
    try (AgentProcess agent = AgentProcess.start(jar, options, rig.dir, region, modules, "mod", "1s",
        concurrency, rig.server.base(), rig.tls.pem(), rig.collector.grpcPort())) {
      Thread.sleep(env.integer("BENCH_AGENT_WARMUP_SECONDS", 5) * 1000L);
      long before = rig.results.count("bench-" + region);
      long started = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long after = rig.results.count("bench-" + region);
      double rate = (after - before) / ((System.nanoTime() - started) / 1e9);
      List<double[]> processing = rig.results.processingMicros("bench-" + region, before);
      print(name, processing, rate, rig.results.errors("bench-" + region), delayMs);
    }
  }

  /**
   * Error against the injected delay, and against the server's actual wait of each probe (known for the agent and
   * curl through the ETag): the second removes the server's own scheduling delay on a loaded machine.
   */
  private void print(String name, List<double[]> processing, double rate, long failures, int delayMs) {
    Stats nominal = Stats.of(processing.stream().mapToDouble(p -> p[0] / 1000.0 - delayMs).toArray());
    report.figure(name + ".probes_per_second", rate, "probes/s");
    report.figure(name + ".ttfb_error_median", nominal.median(), "ms (vs the injected " + delayMs + " ms)");
    report.figure(name + ".ttfb_error_p99", nominal.percentile(99), "ms (" + nominal.count() + " probes, " + failures + " failed)");
    if (!processing.isEmpty() && !Double.isNaN(processing.get(0)[1])) {
      Stats actual = Stats.of(processing.stream().mapToDouble(p -> (p[0] - p[1]) / 1000.0).toArray());
      report.figure(name + ".ttfb_error_vs_server_wait_median", actual.median(), "ms");
      report.figure(name + ".ttfb_error_vs_server_wait_p99", actual.percentile(99), "ms");
    }
  }
}
