package io.proxywatch.bench.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.ProcStatus;
import io.proxywatch.bench.Report;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.sumdb.dirhash.H1;
import io.proxywatch.sumdb.dirhash.ModuleZip;
import io.proxywatch.sumdb.dirhash.ZipDigest;
import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.Ports;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole agent verifying a 100 MiB module zip: the agent jar as a process with the JVM options and
 * MALLOC_ARENA_MAX the Helm chart deploys (read from helm/proxywatch/values.yaml), probing .mod and .zip of one module
 * from a local proxy (JDK HTTP server, strong ETag) every 5 s, verifying against the Go team's checksum database
 * (scripts/sumdb.sh) with --verify-bandwidth 0 (unthrottled, to see the rate), streaming to an in-process collector.
 * Its RSS is sampled every 50 ms from the first probe until the collector holds the zip's verification: peak (VmHWM)
 * and the RSS before the zip download started; MiB/s from the first zip probe's start to that record.
 */
final class AgentVerifyBench {
  private static final String MODULE = "example.com/big";
  private static final String VERSION = "v1.0.0";
  private final BenchEnv env;
  private final Report report;

  AgentVerifyBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  void run(Path dir, Path zip) throws Exception {
    ZipDigest digest;
    try (InputStream in = Files.newInputStream(zip)) {
      digest = ModuleZip.hash(in, MODULE, VERSION, dir);
    }
    byte[] mod = ("module " + MODULE + "\n").getBytes(StandardCharsets.UTF_8);
    Path gosum = dir.resolve("go.sum");
    Files.writeString(gosum, MODULE + " " + VERSION + " " + digest.h1() + "\n" + MODULE + " " + VERSION + "/go.mod "
        + H1.goMod(mod) + "\n");
    Map<String, String> sumdbEnv = Map.of("PROXYWATCH_SUMDB_DIR", dir.resolve("sumdb").toString(),
        "PROXYWATCH_SUMDB_GOSUM", gosum.toString());
    Path sumdb = env.repo().resolve("scripts/sumdb.sh");
    String gosumdb = ChildProcess.stdout(List.of("bash", sumdb.toString(), "start", "bench", "--port",
        Integer.toString(Ports.free())), sumdbEnv, Duration.ofMinutes(5)).strip();
    HttpServer proxy = proxy(zip, "\"" + digest.sha256() + "\"", mod);
    BenchDb db = new BenchDb(env.dbUrl());
    db.fresh("bench_verify");
    try (Collector collector = Collector.start(CollectorConfig.of(db.settings("bench_verify", 4), 0, 0))) {
      measure(dir, gosumdb, proxy, collector, db, digest);
    } finally {
      proxy.stop(0);
      ChildProcess.stdout(List.of("bash", sumdb.toString(), "stop-all"), sumdbEnv, Duration.ofMinutes(1));
    }
  }

  private void measure(Path dir, String gosumdb, HttpServer proxy, Collector collector, BenchDb db, ZipDigest digest)
      throws Exception {
    List<String> jvm = helmJvmOptions();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvm);
    command.addAll(List.of("-jar", env.agentJar().toString(), "--region", "bench", "--agent-id", "bench-verify",
        "--collector", "127.0.0.1:" + collector.grpcPort(), "--goproxy", "http://127.0.0.1:" + proxy.getAddress().getPort(),
        "--module", MODULE + "@" + VERSION, "--endpoints", "mod,zip", "--interval", "5s", "--timeout", "60s",
        "--verify", "--gosumdb", gosumdb, "--verify-bandwidth", "0", "--state-dir", dir.resolve("agent-state").toString()));
    try (ChildProcess agent = ChildProcess.start(command, dir.resolve("agent.log"), e -> {
      e.put("PROXYWATCH_LOG_LEVEL", "WARN");
      e.put("MALLOC_ARENA_MAX", "2");
    })) {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      double before = 0;
      String outcome = null;
      while (outcome == null && System.nanoTime() < deadline && agent.alive()) {
        long rss = ProcStatus.kib(agent.pid(), "VmRSS");
        if (zipRequests == 0) before = Math.max(before, rss / 1024.0);
        outcome = zipOutcome(db);
        Thread.sleep(50);
      }
      if (outcome == null) throw new IllegalStateException("no zip verification within 5 minutes: " + agent.log());
      double seconds = (System.nanoTime() - zipGetStarted) / 1e9;
      report.text("verify.agent.options", String.join(" ", jvm) + " MALLOC_ARENA_MAX=2 (helm/proxywatch/values.yaml)");
      report.figure("verify.agent.rss_before_zip", before, "MiB (VmRSS while probing, before the zip GET)");
      report.figure("verify.agent.rss_peak", ProcStatus.kib(agent.pid(), "VmHWM") / 1024.0,
          "MiB (VmHWM of the agent process, through verifying a " + digest.bytes() / 1048576 + " MiB zip; target <= 128)");
      report.figure("verify.agent.zip_rate", digest.bytes() / 1048576.0 / seconds,
          "MiB/s (GET over loopback + hash + lookup + record stored, unthrottled; outcome " + outcome + ")");
    }
  }

  private volatile int zipRequests;
  private volatile long zipGetStarted;

  /** A proxy of one module: .mod and .zip (HEAD and GET), with a strong ETag on the zip. */
  private HttpServer proxy(Path zip, String etag, byte[] mod) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "/" + MODULE + "/@v/" + VERSION;
    server.createContext("/", exchange -> {
      try (HttpExchange x = exchange) {
        String path = x.getRequestURI().getPath();
        boolean head = x.getRequestMethod().equals("HEAD");
        if (path.equals(base + ".mod")) {
          x.sendResponseHeaders(200, head ? -1 : mod.length);
          if (!head) x.getResponseBody().write(mod);
        } else if (path.equals(base + ".zip")) {
          x.getResponseHeaders().set("ETag", etag);
          x.getResponseHeaders().set("Content-Type", "application/zip");
          long size = Files.size(zip);
          if (head) {
            x.getResponseHeaders().set("Content-Length", Long.toString(size));
            x.sendResponseHeaders(200, -1);
            return;
          }
          if (zipRequests++ == 0) zipGetStarted = System.nanoTime();
          x.sendResponseHeaders(200, size);
          try (OutputStream out = x.getResponseBody()) {
            Files.copy(zip, out);
          }
        } else {
          x.sendResponseHeaders(404, -1);
        }
      }
    });
    server.start();
    return server;
  }

  private static String zipOutcome(BenchDb db) throws Exception {
    try (Connection c = db.connect("bench_verify"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT outcome FROM verifications WHERE file = 'zip' LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The agents' JVM options as the chart sets them (agents.jvmOptions in values.yaml). */
  private List<String> helmJvmOptions() throws Exception {
    Matcher m = Pattern.compile("(?m)^\\s*jvmOptions:\\s*\"([^\"]*)\"").matcher(
        Files.readString(env.repo().resolve("helm/proxywatch/values.yaml")));
    if (!m.find()) throw new IllegalStateException("agents.jvmOptions not found in helm/proxywatch/values.yaml");
    return Arrays.asList(m.group(1).trim().split("\\s+"));
  }


}
