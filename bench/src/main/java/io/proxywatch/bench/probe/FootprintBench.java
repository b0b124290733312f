package io.proxywatch.bench.probe;

import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.Report;
import io.proxywatch.bench.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scenario 3: one agent process probing 1,000 endpoints (200 modules x 5) every 10 s over TLS, streaming to
 * the collector; its RSS (peak VmHWM, steady = median VmRSS over the measured rounds) and CPU per probe
 * (utime+stime over the measured rounds / probes stored), for each set of JVM options.
 */
public final class FootprintBench {
  /**
   * The lean set first (within 128 MiB here): serial GC, C1 only, small stacks and code cache, one Netty arena,
   * and MALLOC_ARENA_MAX=2 (an environment variable, not a JVM option: glibc's per-thread malloc arenas were
   * ~40 MiB of RSS that Native Memory Tracking does not see). Then a plain 48 MiB heap, the chart's rule
   * (75% of a 128Mi limit) and the JVM's defaults, for comparison.
   */
  static final String DEFAULT_OPTIONS = "-Xmx48m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"
      + " -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=16m -Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1"
      + " -Dio.grpc.netty.shaded.io.netty.allocator.numHeapArenas=1 MALLOC_ARENA_MAX=2"
      + "|-Xmx48m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m"
      + "|-XX:MaxRAM=128m -XX:MaxRAMPercentage=75"
      + "|(JVM defaults)";
  private final BenchEnv env;
  private final Report report;

  public FootprintBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  public void run() throws Exception {
    int rounds = env.integer("BENCH_FOOTPRINT_ROUNDS", 4);
    try (ProbeRig rig = new ProbeRig(env, "bench_footprint", 20_000_000L)) {
      int n = 0;
      for (String options : env.vars().getOrDefault("BENCH_AGENT_JVM_OPTS", DEFAULT_OPTIONS).split("\\|")) {
        measure("footprint.jvm" + ++n, options.trim(), rig, rounds);
      }
    }
  }

  private void measure(String prefix, String options, ProbeRig rig, int rounds) throws Exception {
    List<String> jvm = options.startsWith("(") ? List.of() : Arrays.asList(options.split("\\s+"));
    String region = "footprint" + prefix.substring(prefix.length() - 1);
    try (AgentProcess agent = AgentProcess.start(env.agentJar(), jvm, rig.dir, region, 200, "list,info,mod,zip,latest", "10s",
        8, rig.server.base(), rig.tls.pem(), rig.collector.grpcPort())) {
      Thread.sleep(12_000); // one round to warm up
      long probesBefore = rig.results.count("bench-" + region);
      double cpuBefore = agent.cpuSeconds();
      List<Double> rss = new ArrayList<>();
      long end = System.nanoTime() + rounds * 10_000_000_000L;
      while (System.nanoTime() < end && agent.alive()) {
        rss.add(agent.statusKib("VmRSS") / 1024.0);
        Thread.sleep(250);
      }
      double cpu = agent.cpuSeconds() - cpuBefore;
      long probes = rig.results.count("bench-" + region) - probesBefore;
      Stats r = Stats.of(rss);
      report.text(prefix + ".options", options);
      report.figure(prefix + ".rss_peak", agent.statusKib("VmHWM") / 1024.0, "MiB (VmHWM; target <= 128)");
      report.figure(prefix + ".rss_steady", r.median(), "MiB (median VmRSS over " + rounds + " rounds, max " + Report.format(r.max()) + ")");
      report.figure(prefix + ".probes", probes, "probes in " + rounds + " rounds (" + rig.results.errors("bench-" + region) + " failed in all)");
      report.figure(prefix + ".cpu_per_probe", probes == 0 ? Double.NaN : cpu * 1000 / probes, "ms CPU (utime+stime)");
    }
  }
}
