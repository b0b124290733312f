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
      + " clock_skew_micros = CASE WHEN agents.clock_rtt_micros IS NULL THEN EXCLUDED.clock_skew_micros"
      + " ELSE agents.clock_skew_micros END RETURNING highest_sequence";
  private static final String CLOCK = "UPDATE agents SET clock_skew_micros = ?, clock_rtt_micros = ? WHERE agent_id = ?";

  private final DataSource dataSource;

  public AgentRegistry(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Upserts the agent and returns its highest committed sequence (0 for a new agent). {@code clockSkewMicros} is
   * the one-way estimate (collector minus agent clock, Hello's transit included), kept only while no round trip
   * has been measured ({@link #clock}): a reconnect does not undo a better measurement.
   */
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

  /** The agent's clock offset (collector minus agent) from the round trip of {@code roundTripMicros}. */
  public void clock(String agentId, long offsetMicros, long roundTripMicros) throws SQLException {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(CLOCK)) {
      statement.setLong(1, offsetMicros);
      statement.setLong(2, roundTripMicros);
      statement.setString(3, agentId);
      statement.executeUpdate();
    }
  }
}
