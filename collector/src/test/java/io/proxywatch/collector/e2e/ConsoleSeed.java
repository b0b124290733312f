package io.proxywatch.collector.e2e;

import io.proxywatch.collector.watch.Watch;
import io.proxywatch.collector.watch.WatchStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Rows the index feed, the agents' verifications and the evaluator would write over minutes, written directly so
 * the console's releases, verification and episode views have something of every kind to show. Everything is
 * about {@code example.com/released}, which no agent probes, so the live matrix is untouched; episodes are
 * resolved, so the evaluator never picks them up; the watch is for a region no agent is in.
 */
final class ConsoleSeed {
  static final String MODULE = "example.com/released";
  static final String RELEASE = MODULE + "@v1.2.0";
  static final String SLOW_REGION = "los-angeles";
  static final String MISMATCH_REGION = "sao-paulo";
  static final String EXPECTED_H1 = "h1:Yz3Jp2ZqQ0rXvYAHMhA0Q7r5wqkKf0wqkZ1b7m2eE4s=";
  static final String OBSERVED_H1 = "h1:9d0uSe5m3y5PHiK6y8h7mQJ8xk1S0m0Xk8b6mGqv1aU=";
  static final List<String> EPISODE_KINDS = List.of("stale", "checksum_mismatch", "sumdb_fork", "sumdb_stale",
      "region_degraded", "agent_clock", "agent_offline");

  private ConsoleSeed() {}

  static void seed(DataSource pool) throws SQLException {
    new WatchStore(pool).put(Watch.of("released", MODULE, "all", List.of("info", "list", "latest", "mod", "zip"),
        List.of(), List.of("nowhere"), "30s", "5m", "1h", "manual"));
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      releases(s);
      verifications(s);
      heads(s);
      episodes(s);
    }
  }

  /** v1.2.0 propagated everywhere, los-angeles five minutes behind; v1.3.0 still on its way. */
  private static void releases(Statement s) throws SQLException {
    s.executeUpdate("INSERT INTO releases (module, version, index_time, propagated_at) VALUES"
        + " ('" + MODULE + "', 'v1.2.0', now() - interval '20 minutes', now() - interval '14 minutes'),"
        + " ('" + MODULE + "', 'v1.3.0', now() - interval '3 minutes', NULL)");
    String[][] lags = {{"frankfurt", "8"}, {"tokyo", "12"}, {"sao-paulo", "20"}, {SLOW_REGION, "360"}};
    StringBuilder rows = new StringBuilder();
    int sequence = 1;
    for (String[] lag : lags) {
      for (String signal : List.of("info", "list", "latest")) {
        int extra = signal.equals("info") ? 0 : signal.equals("list") ? 4 : 9;
        rows.append(rows.isEmpty() ? "" : ",").append(sighting("v1.2.0", "", lag[0], signal,
            "now() - interval '20 minutes' + interval '" + (Integer.parseInt(lag[1]) + extra) + " seconds'", sequence++));
      }
    }
    rows.append(",").append(sighting("v1.2.0", "https://proxy.golang.org", "frankfurt", "info", "now() - interval '1190 seconds'", sequence++));
    rows.append(",").append(sighting("v1.3.0", "", "frankfurt", "info", "now() - interval '170 seconds'", sequence++));
    rows.append(",").append(sighting("v1.3.0", "", "tokyo", "info", "now() - interval '120 seconds'", sequence++));
    s.executeUpdate("INSERT INTO release_sightings (module, version, proxy, region, signal, first_seen, agent_id, sequence,"
        + " index_time) SELECT v.*, r.index_time FROM (VALUES " + rows + ") v(module, version, proxy, region, signal, first_seen,"
        + " agent_id, sequence) JOIN releases r ON r.module = v.module AND r.version = v.version");
  }

  private static String sighting(String version, String proxy, String region, String signal, String at, int sequence) {
    return "('" + MODULE + "', '" + version + "', '" + proxy + "', '" + region + "', '" + signal + "', " + at
        + ", 'e2e-" + region + "', " + (100_000 + sequence) + ")";
  }

  /** The .mod verified everywhere; the .zip served wrong in sao-paulo and unverifiable in tokyo. */
  private static void verifications(Statement s) throws SQLException {
    StringBuilder rows = new StringBuilder();
    int sequence = 200_000;
    for (String region : List.of("frankfurt", "los-angeles", "sao-paulo", "tokyo")) {
      String zipState = region.equals(MISMATCH_REGION) ? "mismatch" : region.equals("tokyo") ? "unverifiable" : "verified";
      String observed = region.equals(MISMATCH_REGION) ? OBSERVED_H1 : region.equals("tokyo") ? "" : EXPECTED_H1;
      String reason = region.equals("tokyo") ? "sumdb_unreachable" : "";
      rows.append(rows.isEmpty() ? "" : ",").append(state("mod", region, "verified", "h1:modmodmodmodmod=", "h1:modmodmodmodmod=", "", sequence++))
          .append(",").append(state("zip", region, zipState, observed, EXPECTED_H1, reason, sequence++));
    }
    s.executeUpdate("INSERT INTO checksum_state (proxy, module, version, file, region, state, observed_h1, expected_h1,"
        + " reason, agent_id, sequence, url, updated_at) VALUES " + rows);
  }

  private static String state(String file, String region, String state, String observed, String expected, String reason,
      int sequence) {
    return "('', '" + MODULE + "', 'v1.2.0', '" + file + "', '" + region + "', '" + state + "', '" + observed + "', '"
        + expected + "', '" + reason + "', 'e2e-" + region + "', " + sequence + ", 'http://127.0.0.1:1/" + MODULE
        + "/@v/v1.2.0." + file + "', now() - interval '2 minutes')";
  }

  /** Every region read the same tree head but tokyo, two entries behind. */
  private static void heads(Statement s) throws SQLException {
    StringBuilder rows = new StringBuilder();
    int sequence = 300_000;
    for (String region : List.of("frankfurt", "los-angeles", "sao-paulo", "tokyo")) {
      boolean behind = region.equals("tokyo");
      rows.append(rows.isEmpty() ? "" : ",").append("(now() - interval '30 seconds', 'e2e-").append(region).append("', ")
          .append(sequence++).append(", '").append(region).append("', 'sum.golang.org', 'http://127.0.0.1:1/sumdb/sum.golang.org/',")
          .append(" 'direct', ").append(behind ? 40 : 42).append(", '")
          .append(behind ? "b3ZlcnRha2VuIGJ5IGV2ZW50cw==" : "cm9vdCBoYXNoIG9mIHRyZWUgNDI=").append("', '')");
    }
    s.executeUpdate("INSERT INTO sumdb_heads (time, agent_id, sequence, region, sumdb_name, source, via, tree_size, root_hash,"
        + " note) VALUES " + rows);
  }

  /** One resolved episode of each kind the evaluator and the ground-truth rules open beside divergences. */
  private static void episodes(Statement s) throws SQLException {
    for (String kind : EPISODE_KINDS) {
      boolean agent = kind.startsWith("agent_");
      boolean region = kind.equals("region_degraded");
      boolean sumdb = kind.startsWith("sumdb_");
      String module = agent || region ? "" : sumdb ? "sum.golang.org" : MODULE;
      String version = agent || region || sumdb ? "" : "v1.2.0";
      String endpoint = agent || region ? "" : sumdb ? "sumdb" : kind.equals("stale") ? "list" : "zip";
      s.executeUpdate("INSERT INTO divergence_episodes (kind, module, version, endpoint, url, agent_id, state, opened_at,"
          + " fired_at, resolved_at, last_disagreement_at, majority_regions, outlier_regions, failure_classes,"
          + " failure_counts, region_targets) VALUES ('" + kind + "', '" + module + "', '" + version + "', '" + endpoint
          + "', '', " + (agent ? "'e2e-tokyo'" : "NULL") + ", 'resolved', now() - interval '2 hours',"
          + " now() - interval '110 minutes', now() - interval '1 hour', now() - interval '70 minutes',"
          + " '{frankfurt,tokyo}', '{" + (agent ? "tokyo" : MISMATCH_REGION) + "}',"
          + (region ? " '{timeout,5xx}', '{9,3}', 14)" : " '{}', '{}', 0)"));
    }
  }
}
