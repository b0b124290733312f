package io.proxywatch.bench.fleet;

import io.proxywatch.bench.BenchDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Fills a fresh database with a fleet as the queries see it, in SQL only (INSERT ... SELECT generate_series, no
 * client round trip per row): {@code modules} x 5 endpoints = the targets (list and latest unversioned; info, mod,
 * zip of v1.0.0), each probed by 8 regions (one agent each) every 30 s. Three rounds lie in the fresh window, three
 * older rounds outside it (rows the queries must skip). One module in 100 is served another body in the last region:
 * those targets diverge and have an open episode (half opened 20 days ago, half 10 minutes ago), among
 * {@code resolvedEpisodes} resolved ones over 30 days. Releases: {@code releases} over 30 days (one in ~4 in the last 7),
 * each seen by every region on info, list and latest.
 */
public record FleetDataset(int modules, int resolvedEpisodes, int releases, Instant now) {
  public static final String[] REGIONS = {"tokyo", "frankfurt", "sao-paulo", "los-angeles", "sydney", "mumbai",
      "virginia", "singapore"};
  static final String[] ENDPOINTS = {"list", "latest", "info", "mod", "zip"};
  static final Duration CADENCE = Duration.ofSeconds(30);
  static final int FRESH_ROUNDS = 3;
  static final int OLD_ROUNDS = 3;
  /** One module in DIVERGING_EVERY diverges (in all five endpoints). */
  static final int DIVERGING_EVERY = 100;

  public int targets() {
    return modules * ENDPOINTS.length;
  }

  public int divergingTargets() {
    return (modules + DIVERGING_EVERY - 1) / DIVERGING_EVERY * ENDPOINTS.length;
  }

  public static String module(int index) {
    return String.format("fleet.example/m%06d", index);
  }

  /** Creates the database afresh and fills it; prints what each step took. */
  void generate(BenchDb db, String database) throws SQLException {
    db.fresh(database);
    try (Connection c = db.connect(database); Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
      step(s, "agents", "INSERT INTO agents (agent_id, region, last_seen, clock_skew_micros)"
          + " SELECT 'fleet-' || r, r, now(), 0 FROM unnest(" + regionArray() + ") r");
      for (int round = 0; round < FRESH_ROUNDS + OLD_ROUNDS; round++) samples(c, round);
      episodes(c);
      releases(c);
      step(s, "analyze", "ANALYZE");
    }
  }

  /** Round 0 is the newest (its probes end 5 s before now); rounds beyond FRESH_ROUNDS are 2 hours older (same daily chunk after 02:00 UTC). */
  private void samples(Connection c, int round) throws SQLException {
    Instant start = now.minus(CADENCE.multipliedBy(round + 1)).minusSeconds(5)
        .minus(round >= FRESH_ROUNDS ? Duration.ofHours(2) : Duration.ZERO);
    String sql = "INSERT INTO samples (time, agent_id, sequence, region, module, version, endpoint, url, scheduled_at,"
        + " method, http_status, dns_us, connect_us, tls_us, ttfb_us, total_us, etag, content_sha256, body_bytes,"
        + " received_at, proxy)"
        + " SELECT t, 'fleet-' || r.name, ?::bigint * 1000000 + m.i * 5 + e + 1, r.name, m.module,"
        + "  CASE WHEN e < 2 THEN '' ELSE 'v1.0.0' END, (ARRAY['list','latest','info','mod','zip'])[e + 1],"
        + "  'https://proxy.golang.org/' || m.module || (ARRAY['/@v/list','/@latest','/@v/v1.0.0.info','/@v/v1.0.0.mod',"
        + "'/@v/v1.0.0.zip'])[e + 1], t, 'GET', 200, 900, 2100, 9800, 21000 + (m.i * 7 + e) % 5000, 26000 + (m.i * 7 + e) % 5000,"
        + "  '\"' || e || CASE WHEN odd THEN 'b' ELSE 'a' END || '\"',"
        + "  sha256(convert_to(m.module || e || CASE WHEN odd THEN 'b' ELSE 'a' END, 'UTF8')), 700 + e * 100,"
        + "  t + INTERVAL '40 milliseconds', ''"
        + " FROM (SELECT i, " + moduleExpr("i") + " AS module FROM generate_series(0, ? - 1) i) m(i, module)"
        + " CROSS JOIN generate_series(0, 4) e CROSS JOIN unnest(" + regionArray() + ") WITH ORDINALITY r(name, n)"
        + " CROSS JOIN LATERAL (SELECT ?::timestamptz + ((m.i * 5 + e) * 7 + r.n * 131) % 30000 * INTERVAL '1 millisecond' AS t,"
        + "  m.i % " + DIVERGING_EVERY + " = 0 AND r.n = 8 AS odd) x";
    long started = System.nanoTime();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, round);
      s.setInt(2, modules);
      s.setTimestamp(3, Timestamp.from(start));
      int rows = s.executeUpdate();
      System.err.printf("samples round %d (%s): %,d rows in %.1f s%n", round, start, rows, (System.nanoTime() - started) / 1e9);
    }
  }

  private void episodes(Connection c) throws SQLException {
    String open = "INSERT INTO divergence_episodes (kind, module, version, endpoint, url, state, opened_at, fired_at,"
        + " last_disagreement_at, rounds, majority_fingerprint, majority_regions, outlier_regions, alert_outlier_regions, proxy)"
        + " SELECT 'content', " + moduleExpr("m") + ", CASE WHEN e < 2 THEN '' ELSE 'v1.0.0' END,"
        + "  (ARRAY['list','latest','info','mod','zip'])[e + 1], 'https://proxy.golang.org/' || " + moduleExpr("m") + ","
        + "  'firing', ?::timestamptz, ?::timestamptz, now(), 3, 'a', ARRAY['tokyo','frankfurt','sao-paulo','los-angeles',"
        + "'sydney','mumbai','virginia'], ARRAY['singapore'], ARRAY['singapore'], ''"
        + " FROM generate_series(0, ? - 1, " + DIVERGING_EVERY + ") m CROSS JOIN generate_series(0, 4) e WHERE (m / "
        + DIVERGING_EVERY + ") % 2 = ?";
    String resolved = "INSERT INTO divergence_episodes (kind, module, version, endpoint, url, state, opened_at, fired_at,"
        + " converged_at, resolved_at, last_disagreement_at, rounds, majority_fingerprint, majority_regions, outlier_regions,"
        + " converged_last_region, convergence_seconds, proxy)"
        + " SELECT (ARRAY['content','etag','stale','status'])[i % 4 + 1], " + moduleExpr("i % ?") + ","
        + "  CASE WHEN i % 5 < 2 THEN '' ELSE 'v1.0.0' END, (ARRAY['list','latest','info','mod','zip'])[i % 5 + 1], '', 'resolved',"
        + "  o, o + INTERVAL '2 minutes', o + INTERVAL '8 minutes', o + INTERVAL '13 minutes', o + INTERVAL '7 minutes', 4,"
        + "  'a', ARRAY['tokyo','frankfurt'], ARRAY[(" + regionArray() + ")[i % 8 + 1]],"
        + "  (" + regionArray() + ")[i % 8 + 1], 480, ''"
        + " FROM generate_series(0, ? - 1) i CROSS JOIN LATERAL (SELECT ?::timestamptz + i * ?::double precision"
        + "  * INTERVAL '1 second' AS o) x";
    long started = System.nanoTime();
    try (PreparedStatement old = c.prepareStatement(open); PreparedStatement done = c.prepareStatement(resolved)) {
      openEpisodes(old, now.minus(Duration.ofDays(20)), 0);
      Instant from = now.minus(Duration.ofDays(30));
      done.setInt(1, modules);
      done.setInt(2, resolvedEpisodes);
      done.setTimestamp(3, Timestamp.from(from));
      done.setDouble(4, Duration.ofDays(30).minusHours(1).toSeconds() / (double) resolvedEpisodes);
      done.executeUpdate();
      openEpisodes(old, now.minus(Duration.ofMinutes(10)), 1);
    }
    System.err.printf("episodes: %,d open, %,d resolved in %.1f s%n", divergingTargets(), resolvedEpisodes,
        (System.nanoTime() - started) / 1e9);
  }

  private void openEpisodes(PreparedStatement s, Instant opened, int half) throws SQLException {
    s.setTimestamp(1, Timestamp.from(opened));
    s.setTimestamp(2, Timestamp.from(opened.plusSeconds(90)));
    s.setInt(3, modules);
    s.setInt(4, half);
    s.executeUpdate();
  }

  private void releases(Connection c) throws SQLException {
    double spacing = Duration.ofDays(30).toSeconds() / (double) releases;
    String sql = "INSERT INTO releases (module, version, index_time, seen_at, propagated_at)"
        + " SELECT " + moduleExpr("i % ?") + ", 'v1.' || (i / ? + 1) || '.0', t, t + INTERVAL '3 seconds',"
        + "  t + INTERVAL '75 seconds' FROM generate_series(0, ? - 1) i"
        + " CROSS JOIN LATERAL (SELECT ?::timestamptz + i * ?::double precision * INTERVAL '1 second' AS t) x";
    long started = System.nanoTime();
    try (PreparedStatement s = c.prepareStatement(sql); Statement plain = c.createStatement()) {
      // Since V14 each sighting carries its release's index time; before it, it had none.
      boolean copiesIndexTime;
      try (var rs = plain.executeQuery("SELECT 1 FROM information_schema.columns WHERE table_name = 'release_sightings'"
          + " AND column_name = 'index_time'")) {
        copiesIndexTime = rs.next();
      }
      String sightings = "INSERT INTO release_sightings (module, version, proxy, region, signal, first_seen, agent_id, sequence"
          + (copiesIndexTime ? ", index_time" : "") + ")"
          + " SELECT r.module, r.version, '', g.name, sig, r.index_time + ((hashtext(r.module || g.name || sig) & 65535) % 70 + 2)"
          + "  * INTERVAL '1 second', 'fleet-' || g.name, 1" + (copiesIndexTime ? ", r.index_time" : "")
          + " FROM releases r CROSS JOIN unnest(" + regionArray() + ") g(name) CROSS JOIN unnest(ARRAY['info','list','latest']) sig";
      s.setInt(1, modules);
      s.setInt(2, modules);
      s.setInt(3, releases);
      s.setTimestamp(4, Timestamp.from(now.minus(Duration.ofDays(30))));
      s.setDouble(5, spacing);
      s.executeUpdate();
      int rows = plain.executeUpdate(sightings);
      System.err.printf("releases: %,d with %,d sightings in %.1f s%n", releases, rows, (System.nanoTime() - started) / 1e9);
    }
  }

  private static String moduleExpr(String index) {
    return "'fleet.example/m' || lpad((" + index + ")::text, 6, '0')";
  }

  private static String regionArray() {
    return "ARRAY['" + String.join("','", REGIONS) + "']";
  }

  private static void step(Statement s, String what, String sql) throws SQLException {
    long started = System.nanoTime();
    s.execute(sql);
    System.err.printf("%s: %.1f s%n", what, (System.nanoTime() - started) / 1e9);
  }
}
