package io.proxywatch.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/** Records an agent's Hello and tells what the collector already holds for it. Blocking: call off event loops. */
public final class AgentRegistry {
  private static final String UPSERT = "INSERT INTO agents (agent_id, region, software_version, last_seen, clock_skew_micros)"
      + " VALUES (?, ?, ?, now(), ?) ON CONFLICT (agent_id) DO UPDATE SET region = EXCLUDED.region,"
      + " software_version = EXCLUDED.software_version, last_seen = now(),"
      + " clock_skew_micros = EXCLUDED.clock_skew_micros RETURNING highest_sequence";

  private final DataSource dataSource;

  public AgentRegistry(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Upserts the agent and returns its highest committed sequence (0 for a new agent). */
  public long hello(String agentId, String region, String softwareVersion, long clockSkewMicros) throws SQLException {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(UPSERT)) {
      statement.setString(1, agentId);
      statement.setString(2, region);
      statement.setString(3, softwareVersion);
      statement.setLong(4, clockSkewMicros);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Replaces the agent's latest reported counters (a row of {@code agent_stats}). */
  public void reportStats(String agentId, ReportedStats stats) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      AgentStatsRows.store(connection, agentId, stats);
    }
  }
}
