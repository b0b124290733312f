package io.proxywatch.collector.verification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Checksum states and witnessed tree heads as records; blocking JDBC, for a worker pool. */
public final class VerificationQueries {
  private static final String STATES = "SELECT s.proxy, s.module, s.version, s.file, s.region, s.state, s.reason,"
      + " coalesce(v.detail, ''), s.observed_h1, s.expected_h1, coalesce(v.sumdb_name, ''), coalesce(v.source, ''),"
      + " coalesce(v.tree_size, 0), s.updated_at, s.agent_id, s.sequence, s.url FROM checksum_state s"
      + " LEFT JOIN verifications v ON v.agent_id = s.agent_id AND v.sequence = s.sequence"
      + " WHERE (?::text IS NULL OR s.module = ?) AND (?::text IS NULL OR s.version = ?) AND (?::text IS NULL OR s.region = ?)"
      + " UNION ALL SELECT DISTINCT p.proxy, p.module, p.version, p.endpoint, p.region, 'pending', '', '', '', '', '', '',"
      + " 0, NULL::timestamptz, '', 0, '' FROM samples p WHERE p.time > now() - interval '1 hour'"
      + " AND p.endpoint IN ('mod', 'zip') AND p.check_id IS NULL"
      + " AND (?::text IS NULL OR p.module = ?) AND (?::text IS NULL OR p.version = ?) AND (?::text IS NULL OR p.region = ?)"
      + " AND NOT EXISTS (SELECT 1 FROM checksum_state c WHERE c.proxy = p.proxy AND c.module = p.module"
      + " AND c.version = p.version AND c.file = p.endpoint AND c.region = p.region)"
      + " ORDER BY 2, 3, 4, 5, 1 LIMIT 10000";
  private static final String HEADS = "SELECT DISTINCT ON (sumdb_name, region, source) sumdb_name, region, proxy, source,"
      + " via, tree_size, root_hash, note, error, time, agent_id, sequence FROM sumdb_heads"
      + " WHERE time > now() - interval '1 day' AND (?::text IS NULL OR region = ?)"
      + " ORDER BY sumdb_name, region, source, time DESC, sequence DESC";

  private final DataSource dataSource;

  public VerificationQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<ChecksumState> states(Optional<String> module, Optional<String> version, Optional<String> region)
      throws SQLException {
    List<ChecksumState> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(STATES)) {
      for (int base : new int[] {0, 6}) {
        bind(s, base + 1, module);
        bind(s, base + 3, version);
        bind(s, base + 5, region);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) out.add(state(rs));
      }
    }
    return out;
  }

  private static ChecksumState state(ResultSet rs) throws SQLException {
    Timestamp updated = rs.getTimestamp(14);
    return new ChecksumState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
        rs.getString(12), rs.getLong(13), updated == null ? null : updated.toInstant(), rs.getString(15),
        rs.getLong(16), rs.getString(17));
  }

  /** The latest head of every region and source seen in the last day. */
  public List<WitnessedHead> heads(Optional<String> region) throws SQLException {
    List<WitnessedHead> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(HEADS)) {
      bind(s, 1, region);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new WitnessedHead(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
              rs.getTimestamp(10).toInstant(), rs.getString(11), rs.getLong(12)));
        }
      }
    }
    return out;
  }

  private static void bind(PreparedStatement s, int index, Optional<String> value) throws SQLException {
    s.setString(index, value.orElse(null));
    s.setString(index + 1, value.orElse(null));
  }
}
