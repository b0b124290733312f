package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Catches the leader's table up on what other collector replicas committed. Every commit stamps its agents'
 * {@code last_seen} with the time it stamps the rows {@code received_at}; an agent whose {@code last_seen} is later than
 * anything this replica applied for it had rows committed elsewhere, and those are read back ({@value #SLACK_SECONDS}
 * s earlier than needed, for transactions that started before and committed after). A {@code last_seen} is acted on
 * one evaluation after it was read, so this replica's own commit, visible in the database a moment before its writer
 * hands it over, is never read back for nothing. Applying a row twice changes nothing. Missed: rows of one agent written by two replicas at once whose later-starting transaction committed first,
 * until that region's next probe of the target.
 */
final class OtherReplicas {
  static final long SLACK_SECONDS = 5;
  private static final String ROWS = "SELECT s.proxy, s.module, s.version, s.endpoint, s.region, s.agent_id, s.sequence,"
      + " s.time AS agent_time, s.received_at, s.url, s.http_status, s.error_class, s.etag, s.location, s.content_sha256,"
      + " s.listed_versions, s.reported_version FROM samples s"
      + " WHERE s.received_at > ? AND s.received_at <= ? AND s.agent_id = ? AND s.check_id IS NULL";

  private final Map<String, Instant> applied = new HashMap<>();
  private Map<String, Instant> previous = Map.of();

  /** This replica applied a commit of {@code agentId}'s rows received at {@code receivedAt}. */
  void applied(String agentId, Instant receivedAt) {
    applied.merge(agentId, receivedAt, (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * Reads into {@code table} the rows of every agent committed elsewhere since this replica last applied its rows, up to
   * the {@code last_seen} read at the previous call; an agent never seen is read back to {@code oldest}. Returns how
   * many rows it read.
   */
  int catchUp(Connection c, AnswerTable table, Map<String, Instant> lastSeen, Instant oldest) throws SQLException {
    int read = 0;
    Map<String, Instant> due = previous;
    previous = lastSeen;
    for (Map.Entry<String, Instant> agent : due.entrySet()) {
      Instant mine = applied.get(agent.getKey());
      if (mine != null && !agent.getValue().isAfter(mine)) continue;
      Instant from = mine == null ? oldest : mine.minus(Duration.ofSeconds(SLACK_SECONDS));
      read += read(c, table, agent.getKey(), from, agent.getValue());
      applied(agent.getKey(), agent.getValue());
    }
    return read;
  }

  private static int read(Connection c, AnswerTable table, String agentId, Instant after, Instant until) throws SQLException {
    int read = 0;
    try (PreparedStatement s = c.prepareStatement(ROWS)) {
      s.setTimestamp(1, Timestamp.from(after));
      s.setTimestamp(2, Timestamp.from(until));
      s.setString(3, agentId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          TargetRow row = table.row(rs.getString("proxy"), rs.getString("module"), rs.getString("version"),
              rs.getString("endpoint"));
          table.put(row, rs.getString("region"), table.answers.of(rs, row));
          read++;
        }
      }
    }
    return read;
  }
}
