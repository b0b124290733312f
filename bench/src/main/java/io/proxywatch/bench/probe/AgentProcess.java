package io.proxywatch.bench.probe;

import io.proxywatch.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real agent jar as a child process, and what /proc says about it. */
final class AgentProcess implements AutoCloseable {
  private final ChildProcess process;

  private AgentProcess(ChildProcess process) {
    this.process = process;
  }

  /**
   * Starts {@code java [jvmOptions] -jar agent.jar} probing {@code modules} modules (example.com/bench/modN@v1.0.0)
   * of {@code server} over TLS trusting {@code ca}, streaming to the collector at {@code grpcPort}.
   */
  static AgentProcess start(Path jar, List<String> jvmOptions, Path dir, String region, int modules, String endpoints,
                            String interval, int concurrency, String server, Path ca, int grpcPort) throws Exception {
    Path modulesFile = dir.resolve(region + "-modules.txt");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < modules; i++) lines.add("example.com/bench/mod" + i + "@v1.0.0");
    Files.write(modulesFile, lines);
    List<String> command = new ArrayList<>();
    String javaHome = System.getenv().getOrDefault("BENCH_AGENT_JAVA_HOME", System.getProperty("java.home"));
    command.add(Path.of(javaHome, "bin", "java").toString());
    jvmOptions.stream().filter(o -> !isEnvironment(o)).forEach(command::add);
    String jfr = System.getenv("BENCH_AGENT_JFR_DIR"); // profiling: one recording per agent process
    if (jfr != null) command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr, region + ".jfr"));
    command.addAll(List.of("-jar", jar.toString(), "--region", region, "--agent-id", "bench-" + region,
        "--collector", "127.0.0.1:" + grpcPort, "--goproxy", server, "--modules-file", modulesFile.toString(),
        "--endpoints", endpoints, "--interval", interval, "--timeout", "10s", "--concurrency", Integer.toString(concurrency),
        "--ca-file", ca.toString(), "--state-dir", dir.resolve("state-" + region).toString()));
    return new AgentProcess(ChildProcess.start(command, dir.resolve(region + "-agent.log"), env -> {
      env.put("PROXYWATCH_LOG_LEVEL", "WARN");
      jvmOptions.stream().filter(AgentProcess::isEnvironment)
          .forEach(o -> env.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1)));
    }));
  }

  /** An option such as MALLOC_ARENA_MAX=2 is an environment variable of the process, not a JVM option. */
  static boolean isEnvironment(String option) {
    return option.matches("[A-Z_]+=.*");
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.alive();
  }

  /** VmRSS or VmHWM (peak) from /proc/PID/status, in KiB. */
  long statusKib(String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
    }
    throw new IllegalStateException(field + " not in /proc/" + pid() + "/status");
  }

  /** utime + stime from /proc/PID/stat, in seconds (clock ticks of 1/100 s on Linux). */
  double cpuSeconds() throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  @Override
  public void close() {
    process.close();
  }
}
