package io.proxywatch.collector.storage;

import io.proxywatch.proto.v1.Sample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One transaction over a group of batches: lock each agent's row (in agent-id order, so concurrent
 * collector replicas cannot deadlock), drop samples at or below the agent's committed sequence, COPY the
 * rest and raise the committed sequence, all or nothing. Verification and tree-head records ride on samples and
 * are stored in their own tables ({@link VerificationRows}) in the same transaction, so they too land exactly once.
 */
final class SampleTransaction {
  private static final String LOCK_AGENT = "INSERT INTO agents (agent_id, region, last_seen) VALUES (?, ?, now())"
      + " ON CONFLICT (agent_id) DO UPDATE SET last_seen = now() RETURNING highest_sequence, now()";
  private static final String ADVANCE_AGENT = "UPDATE agents SET highest_sequence = ?,"
      + " samples_stored = samples_stored + ?, samples_rejected = samples_rejected + ?,"
      + " samples_missing = samples_missing + ? WHERE agent_id = ?";
  private static final String GAP = "INSERT INTO agent_gaps (agent_id, first_missing, last_missing) VALUES (?, ?, ?)";

  /**
   * What a commit did: each agent's committed sequence, the probe samples stored (replays left out) with the time
   * they were received, how many verification records were stored beside them, the replays skipped.
   */
  record Result(Map<String, Long> highestByAgent, CommittedSamples stored, int records, long skipped) {
    long inserted() {
      return stored.samples().size() + records;
    }
  }

  private static final int COPY_CHUNK = 64 * 1024;

  private final Connection connection;
  /** The transaction's now(): what the database stamps as every row's received_at. */
  private Instant receivedAt;

  SampleTransaction(Connection connection) {
    this.connection = connection;
  }

  Result write(List<WriteRequest> group) throws SQLException {
    connection.setAutoCommit(false);
    try {
      Result result = writeAll(byAgent(group));
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private static Map<String, List<WriteRequest>> byAgent(List<WriteRequest> group) {
    Map<String, List<WriteRequest>> byAgent = new TreeMap<>();
    for (WriteRequest request : group) {
      byAgent.computeIfAbsent(request.agentId(), k -> new ArrayList<>()).add(request);
    }
    return byAgent;
  }

  /**
   * Locks every agent first (in id order), then streams the accepted rows to COPY, then raises each agent's
   * committed sequence: no other statement can run on the connection while a COPY is open.
   */
  private Result writeAll(Map<String, List<WriteRequest>> byAgent) throws SQLException {
    Map<String, Long> highest = new TreeMap<>();
    List<Sample> rows = new ArrayList<>();
    List<Sample> records = new ArrayList<>();
    List<Advance> advances = new ArrayList<>();
    RollupMarks hours = new RollupMarks();
    long skipped = 0;
    for (Map.Entry<String, List<WriteRequest>> agent : byAgent.entrySet()) {
      long committed = lockAgent(agent.getKey(), agent.getValue().get(0).region());
      Gaps gaps = new Gaps(agent.getKey());
      long next = committed;
      int accepted = 0;
      int rejected = 0;
      for (WriteRequest request : agent.getValue()) {
        for (Sample sample : request.samples()) {
          if (sample.getSequence() <= next) {
            skipped++;
            continue;
          }
          gaps.between(next, sample.getSequence());
          if (VerificationRows.isRecord(sample)) {
            records.add(sample);
          } else {
            rows.add(sample);
            hours.add(sample.getStartedUnixMicros());
          }
          next = sample.getSequence();
          accepted++;
        }
        if (request.highestSeen() > next) {
          gaps.between(next, request.highestSeen() + 1);
          next = request.highestSeen();
          rejected += request.rejected();
        }
      }
      if (next > committed) advances.add(new Advance(agent.getKey(), next, accepted, rejected, gaps));
      highest.put(agent.getKey(), next);
    }
    if (!rows.isEmpty()) copy(rows);
    VerificationRows.insert(connection, records);
    for (Advance a : advances) advanceAgent(a.agentId(), a.highest(), a.accepted(), a.rejected(), a.gaps());
    hours.write(connection);
    return new Result(highest, new CommittedSamples(rows, receivedAt), records.size(), skipped);
  }

  private record Advance(String agentId, long highest, int accepted, int rejected, Gaps gaps) {}

  private long lockAgent(String agentId, String region) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOCK_AGENT)) {
      statement.setString(1, agentId);
      statement.setString(2, region);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        receivedAt = rs.getTimestamp(2).toInstant();
        return rs.getLong(1);
      }
    }
  }

  private void advanceAgent(String agentId, long highest, int accepted, int rejected, Gaps gaps) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(ADVANCE_AGENT)) {
      statement.setLong(1, highest);
      statement.setLong(2, accepted);
      statement.setLong(3, rejected);
      statement.setLong(4, gaps.missing);
      statement.setString(5, agentId);
      statement.executeUpdate();
    }
    if (gaps.ranges.isEmpty()) return;
    try (PreparedStatement statement = connection.prepareStatement(GAP)) {
      for (long[] range : gaps.ranges) {
        statement.setString(1, agentId);
        statement.setLong(2, range[0]);
        statement.setLong(3, range[1]);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** Sequences skipped between what was stored: every one of them is reported as missing. */
  private static final class Gaps {
    final String agentId;
    final List<long[]> ranges = new ArrayList<>();
    long missing;

    Gaps(String agentId) {
      this.agentId = agentId;
    }

    /** Records the sequences strictly between {@code last} and {@code next}, if any. */
    void between(long last, long next) {
      if (next > last + 1) {
        ranges.add(new long[] {last + 1, next - 1});
        missing += next - last - 1;
      }
    }
  }

  /**
   * Streams the rows to COPY in chunks of about 64 KiB, so the database parses and indexes one chunk while the
   * next is encoded (encoding everything first left the database idle for that time).
   */
  private void copy(List<Sample> samples) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(SampleRows.COPY_SQL);
    try {
      StringBuilder chunk = new StringBuilder(COPY_CHUNK + 8192);
      for (Sample sample : samples) {
        SampleRows.append(chunk, sample);
        if (chunk.length() >= COPY_CHUNK) SampleRows.send(copy, chunk);
      }
      SampleRows.send(copy, chunk);
      copy.endCopy();
    } finally {
      if (copy.isActive()) copy.cancelCopy();
    }
  }

}
