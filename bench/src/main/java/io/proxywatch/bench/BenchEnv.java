package io.proxywatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where things are: the database server, the repository, the tools scripts/bench.sh started. */
public record BenchEnv(String dbUrl, Path repo, Path results, String datasetDb, Map<String, String> vars) {
  public static BenchEnv fromEnvironment() {
    Map<String, String> env = System.getenv();
    String url = env.getOrDefault("BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:55432/proxywatch?user=proxywatch&password=proxywatch");
    Path repo = Path.of(env.getOrDefault("BENCH_REPO", ".")).toAbsolutePath().normalize();
    Path results = Path.of(env.getOrDefault("BENCH_RESULTS", repo.resolve("bench/results/latest.txt").toString()));
    return new BenchEnv(url, repo, results, env.getOrDefault("BENCH_DATASET_DB", "bench_50m"), env);
  }

  public int integer(String name, int fallback) {
    return Integer.parseInt(vars.getOrDefault(name, Integer.toString(fallback)));
  }

  /** The agent jar the agent scenarios start: {@code BENCH_AGENT_JAR}, else the one the build made. */
  public Path agentJar() {
    String jar = vars.get("BENCH_AGENT_JAR");
    return jar != null ? Path.of(jar) : repo.resolve("agent/target/proxywatch-agent.jar");
  }

  /** The 1-minute load average and the core count, e.g. "2.31 on 2 cores". */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (IOException e) {
      return "unknown";
    }
  }
}
