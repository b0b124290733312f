package io.proxywatch.bench.fleet;

import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.Report;
import io.proxywatch.bench.Stats;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.collector.leader.Leadership;
import io.proxywatch.testkit.TestDatabases;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Scenario fleetqueries (issue 15): what the console and API clients ask, at 8 regions x 100,000 targets, through
 * the real HTTP API of an in-process collector on the generated database ({@link FleetDataset}). The benchmark holds
 * the leader's advisory lock itself, so the collector serves as a follower replica: no evaluation competes with the
 * queries; its request rate limit is lifted (the bench asks faster than a console would). Each query: two warm-up calls, then up to BENCH_QUERY_REPS calls (each for another random module where it
 * takes one) or until BENCH_FLEET_BUDGET seconds have passed, at least three.
 */
public final class FleetQueryBench {
  private static final String DATABASE = "bench_fleet";

  private final BenchEnv env;
  private final Report report;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Random random = new Random(15);
  private String base;
  private FleetDataset dataset;

  public FleetQueryBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  public void run() throws Exception {
    BenchDb db = new BenchDb(env.dbUrl());
    dataset = new FleetDataset(env.integer("BENCH_FLEET_MODULES", 20_000), env.integer("BENCH_FLEET_EPISODES", 200_000),
        env.integer("BENCH_FLEET_RELEASES", 50_000), Instant.now());
    long started = System.nanoTime();
    if (!"1".equals(env.vars().get("BENCH_FLEET_REUSE"))) dataset.generate(db, DATABASE);
    report.figure("fleet.generate", (System.nanoTime() - started) / 1e9, "s for " + dataset.targets() + " targets x "
        + FleetDataset.REGIONS.length + " regions x " + (FleetDataset.FRESH_ROUNDS + FleetDataset.OLD_ROUNDS) + " rounds ("
        + FleetDataset.FRESH_ROUNDS + " fresh), " + dataset.divergingTargets() + " diverging targets with open episodes, "
        + dataset.resolvedEpisodes() + " resolved episodes, " + dataset.releases() + " releases x 24 sightings");
    try (Connection lock = db.connect(DATABASE)) {
      holdLeadership(lock);
      // A window wide enough that the generated fresh rounds stay fresh for the whole run (it holds just those rows).
      DivergencePolicy policy = new DivergencePolicy(Duration.ofMinutes(env.integer("BENCH_FLEET_FRESH_MINUTES", 10)),
          2, Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofSeconds(1));
      try (Collector collector = Collector.start(CollectorConfig.of(db.settings(DATABASE, 10), 0, 0).withDivergence(policy)
          .withSecurity(SecurityConfig.open().withRate(100_000)))) {
        base = "http://127.0.0.1:" + collector.httpPort() + "/api/v1/";
        analyze(lock); // statistics for whatever the collector's migrations just added (a reused database)
        measureAll();
      }
    } finally {
      if (!"1".equals(env.vars().get("BENCH_FLEET_KEEP"))) TestDatabases.drop(env.dbUrl(), DATABASE);
    }
  }

  private void measureAll() throws Exception {
    measure("fleet.consistency.first_page", i -> "consistency");
    next("fleet.consistency.second_page", "consistency", "");
    measure("fleet.consistency.diverging", i -> "consistency?diverging=true");
    measure("fleet.consistency.module", i -> "consistency?module=" + module(i));
    measure("fleet.consistency.module_endpoint", i -> "consistency?module=" + module(i) + "&endpoint=mod");
    measure("fleet.divergences.newest", i -> "divergences");
    measure("fleet.divergences.open", i -> "divergences?state=open");
    next("fleet.divergences.open_second_page", "divergences?state=open", "&state=open");
    measure("fleet.divergences.resolved", i -> "divergences?state=resolved");
    measure("fleet.divergences.module", i -> "divergences?module=" + module(i));
    measure("fleet.releases.recent", i -> "releases");
    measure("fleet.releases.module", i -> "releases?module=" + module(i));
    measure("fleet.propagation.recent", i -> "propagation");
    measure("fleet.propagation.module", i -> "propagation?module=" + module(i));
  }

  /** The page after the first, when the answer is paged (next_cursor); skipped when it is not. */
  private void next(String name, String first, String extra) throws Exception {
    JsonObject body = new JsonObject(get(base + first).body());
    String cursor = body.getString("next_cursor");
    if (cursor == null) {
      report.text(name, "not paged (no next_cursor)");
      return;
    }
    String path = first.replaceAll("\\?.*", "");
    measure(name, i -> path + "?cursor=" + enc(cursor) + extra);
  }

  private void measure(String name, IntFunction<String> path) throws Exception {
    int reps = env.integer("BENCH_QUERY_REPS", 40);
    long budget = Duration.ofSeconds(env.integer("BENCH_FLEET_BUDGET", 40)).toNanos();
    List<Double> millis = new ArrayList<>();
    List<Double> bytes = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) get(base + path.apply(random.nextInt(dataset.modules())));
      long started = System.nanoTime();
      while (millis.size() < reps && (millis.size() < 3 || System.nanoTime() - started < budget)) {
        String url = base + path.apply(random.nextInt(dataset.modules()));
        long t0 = System.nanoTime();
        HttpResponse<String> response = get(url);
        millis.add((System.nanoTime() - t0) / 1e6);
        bytes.add((double) response.body().length());
      }
    } catch (Exception e) {
      report.text(name, "failed after " + millis.size() + " calls: " + e);
      return;
    }
    Stats s = Stats.of(millis);
    report.figure(name + ".p50", s.median(), "ms");
    report.figure(name + ".p95", s.percentile(95), "ms (" + millis.size() + " calls, max " + Report.format(s.max())
        + ", answer " + Report.format(Stats.of(bytes).median() / 1024) + " KiB, load " + BenchEnv.loadAverage() + ")");
  }

  private HttpResponse<String> get(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(180)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      String body = response.body();
      throw new IllegalStateException(url + " -> " + response.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
    }
    return response;
  }

  private static void analyze(Connection c) throws Exception {
    try (var s = c.createStatement()) {
      s.execute("ANALYZE");
    }
  }

  /** Takes the leader's advisory lock on this connection, so the collector started next never leads. */
  private static void holdLeadership(Connection c) throws Exception {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, Leadership.LOCK_KEY);
      try (var rs = s.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) throw new IllegalStateException("the leader lock of " + DATABASE + " is taken");
      }
    }
  }

  private static String module(int index) {
    return enc(FleetDataset.module(index));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
