package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads checksum state and tree heads, and reads and writes ground-truth episodes, inside the caller's transaction. */
final class GroundTruthStore {
  /** The ground-truth kinds as an SQL list, for conditions on divergence_episodes.kind. */
  static final String KINDS = EpisodeKind.GROUND_TRUTH.stream().map(k -> "'" + k.label() + "'")
      .collect(Collectors.joining(", ", "(", ")"));
  private static final String MISMATCHES = "SELECT proxy, module, version, file, region, observed_h1, expected_h1,"
      + " agent_id, sequence, url, updated_at FROM checksum_state WHERE state = 'mismatch'"
      + " ORDER BY proxy, module, version, file, region";
  private static final String HEADS = "SELECT DISTINCT ON (sumdb_name, region, source) sumdb_name, region, source,"
      + " proxy, tree_size, root_hash, note, time, agent_id, sequence FROM sumdb_heads WHERE time > ? AND error = ''"
      + " ORDER BY sumdb_name, region, source, time DESC, sequence DESC";
  private static final String FIRST_AHEAD = "SELECT min(time) FROM sumdb_heads WHERE sumdb_name = ? AND tree_size > ?"
      + " AND error = ''";

  /** One region's latest verified head from one source. */
  record Head(String sumdbName, String region, String source, String proxy, long size, String root, String note,
              Instant time, String agentId, long sequence) {
    String fingerprint() {
      return size + "/" + root;
    }
  }

  /** The latest mismatch of every target, region and proxy, with the record that showed it. */
  record Mismatch(String proxy, String module, String version, String file, String region, String observed,
                  String expected, String agentId, long sequence, String url, Instant time) {}

  List<Mismatch> mismatches(Connection c) throws SQLException {
    List<Mismatch> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(MISMATCHES); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(new Mismatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10),
            rs.getTimestamp(11).toInstant()));
      }
    }
    return out;
  }

  List<Head> heads(Connection c, Instant since) throws SQLException {
    List<Head> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(HEADS)) {
      s.setTimestamp(1, Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Head(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
              rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getLong(10)));
        }
      }
    }
    return out;
  }

  /** When some region first saw a tree larger than {@code size}; null if none has. */
  Instant firstAhead(Connection c, String sumdbName, long size) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FIRST_AHEAD)) {
      s.setString(1, sumdbName);
      s.setLong(2, size);
      try (ResultSet rs = s.executeQuery()) {
        Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
        return t == null ? null : t.toInstant();
      }
    }
  }

  /** Open ground-truth episodes by key, locked for this transaction. */
  Map<String, TruthEpisode> open(Connection c) throws SQLException {
    Map<String, TruthEpisode> open = new TreeMap<>();
    for (EpisodeView v : EpisodeStore.openViews(c, "kind IN " + KINDS)) {
      TruthEpisode e = TruthEpisode.restore(v);
      open.put(e.key(), e);
    }
    return open;
  }

  void recordEvidence(Connection c, long episodeId, List<Finding.Evidence> evidence) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(EpisodeStore.EVIDENCE)) {
      for (Finding.Evidence e : evidence) {
        s.setLong(1, episodeId);
        s.setString(2, e.region());
        s.setString(3, e.fingerprint());
        s.setTimestamp(4, Timestamp.from(e.time()));
        s.setTimestamp(5, Timestamp.from(e.time()));
        s.setString(6, e.agentId());
        s.setLong(7, e.sequence());
        s.setString(8, e.url());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
