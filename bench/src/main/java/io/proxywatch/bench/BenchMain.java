package io.proxywatch.bench;

import io.proxywatch.bench.alert.AlertBench;
import io.proxywatch.bench.ingest.IngestBench;
import io.proxywatch.bench.probe.FidelityBench;
import io.proxywatch.bench.probe.FootprintBench;
import io.proxywatch.bench.query.DatasetGenerator;
import io.proxywatch.bench.query.QueryBench;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the named scenarios (all five when none is named) and prints each figure as {@code name: value unit}.
 * Settings come from the environment scripts/bench.sh prepares: BENCH_DB_URL (the project's database URL on
 * the benchmark's TimescaleDB), BENCH_REPO (repository root), BENCH_RESULTS (results file).
 */
public final class BenchMain {
  static final List<String> ALL = List.of("ingest", "alert", "footprint", "fidelity", "queries");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchEnv env = BenchEnv.fromEnvironment();
    Report report = new Report(env.results());
    List<String> scenarios = args.length == 0 ? ALL : List.of(args);
    for (String scenario : scenarios) {
      long started = System.nanoTime();
      report.line("# " + scenario + " (" + java.time.Instant.now() + ", load " + BenchEnv.loadAverage() + ")");
      switch (scenario) {
        case "ingest" -> new IngestBench(env, report).run();
        case "alert" -> new AlertBench(env, report).run();
        case "footprint" -> new FootprintBench(env, report).run();
        case "fidelity" -> new FidelityBench(env, report).run();
        case "generate" -> new DatasetGenerator(new BenchDb(env.dbUrl()), env.datasetDb()).ensure();
        case "queries" -> new QueryBench(env, report).run();
        case "verify" -> new io.proxywatch.bench.verify.VerifyBench(env, report).run();
        case "eval" -> new io.proxywatch.bench.eval.EvalBench(env, report).run();
        case "fleetqueries" -> new io.proxywatch.bench.fleet.FleetQueryBench(env, report).run();
        default -> throw new IllegalArgumentException("unknown scenario \"" + scenario + "\"; expected one of " + ALL
            + ", eval, fleetqueries, verify or generate");
      }
      System.err.printf("%s finished in %.0f s%n", scenario, (System.nanoTime() - started) / 1e9);
    }
    report.line("# done (" + java.time.Instant.now() + ", load " + BenchEnv.loadAverage() + ")");
    System.exit(0);
  }
}
