package io.proxywatch.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code agent_stats} table: one row per agent, replaced by each report. */
final class AgentStatsRows {
  private static final String UPSERT = "INSERT INTO agent_stats (agent_id, reported_at, spool_samples, spool_bytes,"
      + " samples_dropped, probes_done, probes_skipped, last_ack_age_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (agent_id) DO UPDATE SET reported_at = EXCLUDED.reported_at, spool_samples = EXCLUDED.spool_samples,"
      + " spool_bytes = EXCLUDED.spool_bytes, samples_dropped = EXCLUDED.samples_dropped, probes_done = EXCLUDED.probes_done,"
      + " probes_skipped = EXCLUDED.probes_skipped, last_ack_age_micros = EXCLUDED.last_ack_age_micros";
  private static final String LATEST = "SELECT agent_id, reported_at, spool_samples, spool_bytes, samples_dropped,"
      + " probes_done, probes_skipped, last_ack_age_micros FROM agent_stats";

  private AgentStatsRows() {}

  static void store(Connection connection, String agentId, ReportedStats stats) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
      statement.setString(1, agentId);
      statement.setTimestamp(2, Timestamp.from(stats.reportedAt()));
      statement.setLong(3, stats.spoolSamples());
      statement.setLong(4, stats.spoolBytes());
      statement.setLong(5, stats.samplesDropped());
      statement.setLong(6, stats.probesDone());
      statement.setLong(7, stats.probesSkipped());
      if (stats.lastAck() == null) statement.setNull(8, Types.BIGINT);
      else statement.setLong(8, stats.lastAck().toNanos() / 1000);
      statement.executeUpdate();
    }
  }

  /** Every agent's latest report, by agent id. */
  static Map<String, ReportedStats> latest(Connection connection) throws SQLException {
    Map<String, ReportedStats> latest = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(LATEST); ResultSet rs = statement.executeQuery()) {
      while (rs.next()) latest.put(rs.getString(1), row(rs));
    }
    return latest;
  }

  private static ReportedStats row(ResultSet rs) throws SQLException {
    long ackMicros = rs.getLong(8);
    Duration lastAck = rs.wasNull() ? null : Duration.of(ackMicros, ChronoUnit.MICROS);
    return new ReportedStats(rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4), rs.getLong(5),
        rs.getLong(6), rs.getLong(7), lastAck);
  }
}
