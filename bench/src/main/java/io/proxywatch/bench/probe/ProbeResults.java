package io.proxywatch.bench.probe;

import io.proxywatch.bench.BenchDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** What the collector stored for one benchmark agent. */
final class ProbeResults {
  private final BenchDb db;
  private final String database;

  ProbeResults(BenchDb db, String database) {
    this.db = db;
    this.database = database;
  }

  long count(String agentId) throws Exception {
    return single("SELECT coalesce(max(highest_sequence), 0) FROM agents WHERE agent_id = ?", agentId);
  }

  long errors(String agentId) throws Exception {
    return single("SELECT count(*) FROM samples WHERE agent_id = ? AND (error_class IS NOT NULL OR http_status <> 200)",
        agentId);
  }

  private long single(String sql, String agentId) throws Exception {
    try (Connection c = db.connect(database); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, agentId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * First byte minus end of TLS (the server's think time as the agent saw it) and the server's actual wait
   * (from the ETag), microseconds, for sequences above {@code after}.
   */
  List<double[]> processingMicros(String agentId, long after) throws Exception {
    List<double[]> out = new ArrayList<>();
    try (Connection c = db.connect(database);
         PreparedStatement s = c.prepareStatement("SELECT ttfb_us - tls_us, trim(both '\"' from etag)::bigint FROM samples"
             + " WHERE agent_id = ? AND sequence > ?"
             + " AND ttfb_us IS NOT NULL AND tls_us IS NOT NULL")) {
      s.setString(1, agentId);
      s.setLong(2, after);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) out.add(new double[] {rs.getLong(1), rs.getLong(2)});
      }
    }
    return out;
  }
}
