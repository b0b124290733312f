package io.proxywatch.collector.storage;

import io.proxywatch.proto.v1.Sample;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One transaction over a group of batches: lock each agent's row (in agent-id order, so concurrent
 * collector replicas cannot deadlock), drop samples at or below the agent's committed sequence, COPY the
 * rest and raise the committed sequence, all or nothing. Verification and tree-head records ride on samples and
 * are stored in their own tables ({@link VerificationRows}) in the same transaction, so they too land exactly once.
 */
final class SampleTransaction {
  /**
   * What a commit did: each agent's committed sequence, the probe samples stored (replays left out) with the time
   * they were received, how many verification records were stored beside them, the replays skipped.
   */
  record Result(Map<String, Long> highestByAgent, CommittedSamples stored, int records, long skipped) {
    long inserted() {
      return stored.samples().size() + records;
    }
  }

  /** A batch as queued for the writer: the request and its rows, already encoded. */
  record Batch(WriteRequest request, EncodedRows rows) {
    static Batch of(WriteRequest request) {
      return new Batch(request, EncodedRows.of(request.samples()));
    }
  }

  private final Connection connection;

  SampleTransaction(Connection connection) {
    this.connection = connection;
  }

  Result write(List<Batch> group) throws SQLException {
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

  private static Map<String, List<Batch>> byAgent(List<Batch> group) {
    Map<String, List<Batch>> byAgent = new TreeMap<>();
    for (Batch batch : group) {
      byAgent.computeIfAbsent(batch.request().agentId(), k -> new ArrayList<>()).add(batch);
    }
    return byAgent;
  }

  /**
   * Locks every agent first (one statement, in id order), then streams the accepted rows to COPY, then raises each
   * agent's committed sequence: no other statement can run on the connection while a COPY is open.
   */
  private Result writeAll(Map<String, List<Batch>> byAgent) throws SQLException {
    AgentSequences.Locked locked = AgentSequences.lock(connection, List.copyOf(byAgent.keySet()),
        byAgent.values().stream().map(batches -> batches.get(0).request().region()).toList());
    Map<String, Long> committed = locked.committed();
    Accepted accepted = new Accepted();
    try (CopyStream copy = new CopyStream(connection)) {
      for (Map.Entry<String, List<Batch>> agent : byAgent.entrySet()) {
        accepted.agent(agent.getKey(), committed.get(agent.getKey()), agent.getValue(), copy);
      }
      copy.finish();
    }
    VerificationRows.insert(connection, accepted.records);
    AgentSequences.advance(connection, accepted.advances);
    accepted.hours.write(connection);
    return new Result(accepted.highest, new CommittedSamples(accepted.rows, locked.now()), accepted.records.size(),
        accepted.skipped);
  }

  /** What the transaction takes, agent by agent: rows above the committed sequence, and the gaps between them. */
  private static final class Accepted {
    final Map<String, Long> highest = new TreeMap<>();
    final List<Sample> rows = new ArrayList<>();
    final List<Sample> records = new ArrayList<>();
    final List<AgentSequences.Advance> advances = new ArrayList<>();
    final RollupMarks hours = new RollupMarks();
    long skipped;

    void agent(String agentId, long committed, List<Batch> batches, CopyStream copy) throws SQLException {
      AgentSequences.Gaps gaps = new AgentSequences.Gaps();
      long next = committed;
      long accepted = 0;
      long rejected = 0;
      for (Batch batch : batches) {
        WriteRequest request = batch.request();
        List<Sample> samples = request.samples();
        for (int i = 0; i < samples.size(); i++) {
          Sample sample = samples.get(i);
          if (sample.getSequence() <= next) {
            skipped++;
            continue;
          }
          gaps.between(next, sample.getSequence());
          take(sample, batch.rows(), i, copy);
          next = sample.getSequence();
          accepted++;
        }
        if (request.highestSeen() > next) {
          gaps.between(next, request.highestSeen() + 1);
          next = request.highestSeen();
          rejected += request.rejected();
        }
      }
      if (next > committed) advances.add(new AgentSequences.Advance(agentId, next, accepted, rejected, gaps));
      highest.put(agentId, next);
    }

    private void take(Sample sample, EncodedRows encoded, int row, CopyStream copy) throws SQLException {
      if (VerificationRows.isRecord(sample)) {
        records.add(sample);
        return;
      }
      rows.add(sample);
      hours.add(sample.getStartedUnixMicros());
      copy.add(encoded, row);
    }
  }
}
