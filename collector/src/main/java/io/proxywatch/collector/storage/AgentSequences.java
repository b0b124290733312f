package io.proxywatch.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents' committed sequences inside a writer transaction, one statement for all the agents of a group (not
 * one per agent): lock their rows in the order given, then raise each sequence and record its gaps.
 */
final class AgentSequences {
  private static final String LOCK = "INSERT INTO agents (agent_id, region, last_seen)"
      + " SELECT a.agent_id, a.region, now() FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS a (agent_id, region, n)"
      + " ORDER BY a.n ON CONFLICT (agent_id) DO UPDATE SET last_seen = now() RETURNING agent_id, highest_sequence, now()";
  private static final String ADVANCE = "UPDATE agents SET highest_sequence = a.highest,"
      + " samples_stored = samples_stored + a.accepted, samples_rejected = samples_rejected + a.rejected,"
      + " samples_missing = samples_missing + a.missing"
      + " FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS a (agent_id, highest, accepted, rejected, missing)"
      + " WHERE agents.agent_id = a.agent_id";
  private static final String GAPS = "INSERT INTO agent_gaps (agent_id, first_missing, last_missing)"
      + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[])";

  /** Each locked agent's committed sequence, and the transaction's now() (every stored row's received_at). */
  record Locked(Map<String, Long> committed, Instant now) {}

  /** What one agent's part of a transaction did. */
  record Advance(String agentId, long highest, long accepted, long rejected, Gaps gaps) {}

  private AgentSequences() {}

  /**
   * Creates or locks each agent's row, in the order given (the same order on every replica, so they cannot deadlock);
   * each agent's committed sequence, and the transaction's now().
   */
  static Locked lock(Connection c, List<String> agentIds, List<String> regions) throws SQLException {
    Map<String, Long> committed = new HashMap<>();
    Instant now = null;
    try (PreparedStatement statement = c.prepareStatement(LOCK)) {
      statement.setArray(1, c.createArrayOf("text", agentIds.toArray(String[]::new)));
      statement.setArray(2, c.createArrayOf("text", regions.toArray(String[]::new)));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          committed.put(rs.getString(1), rs.getLong(2));
          now = rs.getTimestamp(3).toInstant();
        }
      }
    }
    return new Locked(committed, now);
  }

  /** Raises the committed sequences and counters, and records the gaps, of agents locked by {@link #lock}. */
  static void advance(Connection c, List<Advance> advances) throws SQLException {
    if (advances.isEmpty()) return;
    // Five arrays, one element per agent (not one statement per agent).
    int n = advances.size();
    String[] ids = new String[n];
    Long[] highest = new Long[n];
    Long[] accepted = new Long[n];
    Long[] rejected = new Long[n];
    Long[] missing = new Long[n];
    List<String> gapAgents = new ArrayList<>();
    List<Long> gapFirst = new ArrayList<>();
    List<Long> gapLast = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Advance a = advances.get(i);
      ids[i] = a.agentId();
      highest[i] = a.highest();
      accepted[i] = a.accepted();
      rejected[i] = a.rejected();
      missing[i] = a.gaps().missing();
      for (long[] range : a.gaps().ranges()) {
        gapAgents.add(a.agentId());
        gapFirst.add(range[0]);
        gapLast.add(range[1]);
      }
    }
    try (PreparedStatement statement = c.prepareStatement(ADVANCE)) {
      statement.setArray(1, c.createArrayOf("text", ids));
      statement.setArray(2, c.createArrayOf("int8", highest));
      statement.setArray(3, c.createArrayOf("int8", accepted));
      statement.setArray(4, c.createArrayOf("int8", rejected));
      statement.setArray(5, c.createArrayOf("int8", missing));
      statement.executeUpdate();
    }
    if (gapAgents.isEmpty()) return;
    try (PreparedStatement statement = c.prepareStatement(GAPS)) {
      statement.setArray(1, c.createArrayOf("text", gapAgents.toArray(String[]::new)));
      statement.setArray(2, c.createArrayOf("int8", gapFirst.toArray(Long[]::new)));
      statement.setArray(3, c.createArrayOf("int8", gapLast.toArray(Long[]::new)));
      statement.executeUpdate();
    }
  }

  /** Sequences skipped between what was stored: every one of them is reported as missing. */
  static final class Gaps {
    private final List<long[]> ranges = new ArrayList<>();
    private long missing;

    /** Records the sequences strictly between {@code last} and {@code next}, if any. */
    void between(long last, long next) {
      if (next > last + 1) {
        ranges.add(new long[] {last + 1, next - 1});
        missing += next - last - 1;
      }
    }

    List<long[]> ranges() {
      return ranges;
    }

    long missing() {
      return missing;
    }
  }
}
