package io.proxywatch.bench.query;

import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.Report;
import io.proxywatch.bench.Stats;
import io.proxywatch.bench.SyntheticSamples;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Scenario 5: REST queries against the generated dataset (about 52 million samples, 30 days), served by an
 * in-process collector on that database. Each query runs {@code BENCH_QUERY_REPS} times, each time for another
 * module (so no answer is served twice from a warm result), after three warm-up calls.
 */
public final class QueryBench {
  private final BenchEnv env;
  private final Report report;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public QueryBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  public void run() throws Exception {
    BenchDb db = new BenchDb(env.dbUrl());
    Dataset dataset = new DatasetGenerator(db, env.datasetDb()).ensure();
    report.figure("queries.dataset_rows", dataset.rows(), "samples (" + dataset.regions() + " regions x " + dataset.urls()
        + " URLs x " + dataset.days() + " days, up to " + dataset.end() + ")");
    int reps = env.integer("BENCH_QUERY_REPS", 40);
    Instant end = dataset.end();
    try (Collector collector = Collector.start(CollectorConfig.of(db.settings(env.datasetDb(), 10), 0, 0))) {
      backfill(db);
      String base = "http://127.0.0.1:" + collector.httpPort() + "/api/v1/";
      Instant day = end.minus(Duration.ofDays(1));
      Instant month = end.minus(Duration.ofDays(dataset.days()));
      // One second off the hour: the same windows, served from samples (the path for unaligned windows).
      Instant dayRaw = day.plusSeconds(1);
      Instant monthRaw = month.plusSeconds(1);
      measure("queries.raw.stats_24h_module_1h", reps, m -> base + "stats?module=" + enc(m) + "&from=" + dayRaw + "&to=" + end + "&bucket=1h", "(raw samples)");
      measure("queries.raw.stats_30d_module_1h", reps, m -> base + "stats?module=" + enc(m) + "&from=" + monthRaw + "&to=" + end + "&bucket=1h", "(raw samples)");
      measure("queries.raw.stats_30d_module_1d", reps, m -> base + "stats?module=" + enc(m) + "&from=" + monthRaw + "&to=" + end + "&bucket=24h", "(raw samples)");
      measure("queries.raw.stats_24h_region_1h", Math.min(reps, 12), m -> base + "stats?region=" + region(m) + "&from=" + dayRaw + "&to=" + end + "&bucket=1h", "(raw samples)");
      measure("queries.stats_24h_module_5m", reps, m -> base + "stats?module=" + enc(m) + "&from=" + day + "&to=" + end + "&bucket=5m", "(target p95 <= 150 ms)");
      measure("queries.stats_24h_module_1h", reps, m -> base + "stats?module=" + enc(m) + "&from=" + day + "&to=" + end + "&bucket=1h", "(target p95 <= 150 ms)");
      measure("queries.stats_24h_module_1m", reps, m -> base + "stats?module=" + enc(m) + "&from=" + day + "&to=" + end + "&bucket=1m", "(raw data: 1m is finer than the rollup)");
      measure("queries.stats_30d_module_1h", reps, m -> base + "stats?module=" + enc(m) + "&from=" + month + "&to=" + end + "&bucket=1h", "(target p95 <= 1000 ms)");
      measure("queries.stats_30d_module_1d", reps, m -> base + "stats?module=" + enc(m) + "&from=" + month + "&to=" + end + "&bucket=24h", "(target p95 <= 1000 ms)");
      measure("queries.stats_24h_region_1h", Math.min(reps, 12), m -> base + "stats?region=" + region(m) + "&from=" + day + "&to=" + end + "&bucket=1h", "(one region, all modules)");
      accuracy(db, base, day, end);
      measure("queries.samples_module_page", reps, m -> base + "samples?module=" + enc(m) + "&limit=100", "");
      measure("queries.samples_module_24h_ago", reps, m -> base + "samples?module=" + enc(m) + "&to=" + day + "&limit=100", "");
      measure("queries.samples_url_30d_window", reps, m -> base + "samples?url=" + enc("https://proxy.example/" + m + "/@v/v1.2.3.mod")
          + "&from=" + month + "&to=" + end + "&limit=1000", "");
      measure("queries.samples_region_page", reps, m -> base + "samples?region=" + region(m) + "&limit=100", "");
    }
  }

  /** Rolls up whatever is marked (the whole dataset the first time), timed; the collector's own job takes turns. */
  private void backfill(BenchDb db) throws Exception {
    try (var pool = io.proxywatch.collector.storage.Database.pool(db.settings(env.datasetDb(), 2), "bench-rollup")) {
      long started = System.nanoTime();
      int hours = io.proxywatch.collector.storage.RollupJob.drain(pool);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (hours > 0) report.figure("queries.rollup_backfill", seconds, "s for " + hours + " hours (this run rolled up)");
    }
  }

  /**
   * The rollup's answer against percentile_cont over the same samples, for a few modules over 24 h in 1 h
   * buckets: counts and errors must match, percentiles are within the histogram's +-2.2% plus interpolation.
   */
  private void accuracy(BenchDb db, String base, Instant from, Instant to) throws Exception {
    double worst = 0;
    long mismatches = 0;
    int rows = 0;
    try (java.sql.Connection c = db.connect(env.datasetDb());
         java.sql.PreparedStatement s = c.prepareStatement("SELECT region, time_bucket(INTERVAL '1 hour', time) AS b, count(*),"
             + " count(*) FILTER (WHERE error_class IS NOT NULL OR http_status >= 500),"
             + " percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ttfb_us)"
             + " FROM samples WHERE module = ? AND time >= ? AND time < ? GROUP BY 1, 2 ORDER BY 1, 2")) {
      for (int m = 0; m < 5; m++) {
        String module = SyntheticSamples.module(m * 37);
        var series = new io.vertx.core.json.JsonObject(get(base + "stats?module=" + enc(module) + "&from=" + from + "&to=" + to
            + "&bucket=1h")).getJsonArray("series");
        s.setString(1, module);
        s.setTimestamp(2, java.sql.Timestamp.from(from));
        s.setTimestamp(3, java.sql.Timestamp.from(to));
        try (java.sql.ResultSet rs = s.executeQuery()) {
          int i = 0;
          while (rs.next()) {
            var row = series.getJsonObject(i++);
            rows++;
            if (row.getLong("count") != rs.getLong(3) || row.getLong("errors") != rs.getLong(4)) mismatches++;
            Object[] exact = (Object[]) rs.getArray(5).getArray();
            String[] names = {"p50", "p95", "p99"};
            for (int p = 0; p < 3; p++) {
              double want = ((Number) exact[p]).doubleValue() / 1000;
              double got = row.getJsonObject("ttfb_ms").getDouble(names[p]);
              worst = Math.max(worst, Math.abs(got - want) / want);
            }
          }
          if (i != series.size()) mismatches++;
        }
      }
    }
    report.figure("queries.rollup_accuracy.count_mismatches", mismatches, "of " + rows + " region-hours (must be 0)");
    report.figure("queries.rollup_accuracy.max_percentile_error", worst * 100, "% (p50/p95/p99 vs percentile_cont)");
  }

  private interface UrlFor {
    String of(String module);
  }

  private void measure(String name, int reps, UrlFor url, String note) throws Exception {
    Random random = new Random(name.hashCode());
    for (int i = 0; i < 3; i++) get(url.of(SyntheticSamples.module(random.nextInt(200))));
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      String u = url.of(SyntheticSamples.module(random.nextInt(200)));
      long started = System.nanoTime();
      get(u);
      millis.add((System.nanoTime() - started) / 1e6);
    }
    Stats s = Stats.of(millis);
    report.figure(name + ".p50", s.median(), "ms");
    report.figure(name + ".p95", s.percentile(95), "ms " + note + " (" + reps + " calls, max " + Report.format(s.max()) + ")");
  }

  private String get(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
    return response.body();
  }

  private static String region(String module) {
    return Dataset.REGIONS[Math.floorMod(module.hashCode(), 4)];
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
