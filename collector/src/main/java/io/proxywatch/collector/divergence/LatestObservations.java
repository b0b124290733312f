package io.proxywatch.collector.divergence;

import io.proxywatch.collector.storage.CommittedSamples;
import io.proxywatch.proto.EndpointKinds;
import io.proxywatch.proto.v1.Sample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The leader's incremental source: an {@link AnswerTable} rebuilt from the database by the first evaluation after it
 * became leader (one query like the fresh scan), then kept up to date from this replica's committed batches
 * ({@link #offer}, any thread), applied in commit order at the start of each evaluation, and from what other
 * replicas committed ({@link OtherReplicas}). A selection holds the
 * targets that changed or lost an answer to age since the last committed evaluation, plus those with open episodes
 * (marked unchanged, for their timers).
 * {@link #forget} (leadership lost) drops the table; the next leader rebuilds its own.
 */
final class LatestObservations implements ObservationSource {
  private static final String REBUILD = "SELECT DISTINCT ON (s.proxy, s.module, s.version, s.endpoint, s.region) s.proxy,"
      + " s.module, s.version, s.endpoint, s.region, s.agent_id, s.sequence, s.time AS agent_time, s.received_at, s.url,"
      + " s.http_status, s.error_class, s.etag, s.location, s.content_sha256, s.listed_versions, s.reported_version"
      + " FROM samples s LEFT JOIN agents a ON a.agent_id = s.agent_id"
      + " WHERE s.received_at > ? AND s.check_id IS NULL AND (s.endpoint IN ('list', 'latest') AND " + EpisodeStore.SEEN_AT
      + " > ? OR s.endpoint = 'info' AND " + EpisodeStore.SEEN_AT + " > ? OR s.endpoint IN ('mod', 'zip') AND "
      + EpisodeStore.SEEN_AT + " > ?) ORDER BY s.proxy, s.module, s.version, s.endpoint, s.region, "
      + EpisodeStore.SEEN_AT + " DESC, s.sequence DESC";
  private static final String AGENTS = "SELECT agent_id, COALESCE(clock_skew_micros, 0), last_seen FROM agents";

  private final Supplier<FreshnessWindows> windows;
  private final Queue<CommittedSamples> pending = new ConcurrentLinkedQueue<>();
  private volatile boolean accepting;
  /** Rows read back from the database because another replica (or a commit not handed over yet) wrote them. */
  private volatile long caughtUp;
  private AnswerTable table;
  private OtherReplicas others;
  /**
   * The latest answer ({@link TargetRow#answered}) of each target with an open episode when the last committed
   * evaluation judged it, and the same for the evaluation in progress: a target whose latest answer is still that one
   * is unchanged, even when it told the same as before (a new answer is one more round).
   */
  private Map<TargetKey, Long> judged = Map.of();
  private Map<TargetKey, Long> selected = Map.of();

  /** Every agent's clock skew (microseconds) and when a commit (of any replica) or a Hello last touched it. */
  private record Agents(Map<String, Long> skews, Map<String, Instant> lastSeen) {}

  LatestObservations(Supplier<FreshnessWindows> windows) {
    this.windows = windows;
  }

  /** A commit of this replica's writer; kept only while this replica leads (after its table began to be built). */
  void offer(CommittedSamples committed) {
    if (accepting && !committed.samples().isEmpty()) pending.add(committed);
  }

  /** Not the leader (any more): the table is dropped and commits are ignored until the next rebuild. */
  void forget() {
    accepting = false;
    pending.clear();
    table = null;
    judged = Map.of();
  }

  @Override
  public Selection select(Connection c, Instant now, Set<TargetKey> open) throws SQLException {
    if (table == null) table = rebuild(c, now);
    Agents agents = agents(c);
    table.skews(agents.skews());
    table.windows(windows.get());
    for (CommittedSamples batch; (batch = pending.poll()) != null; ) apply(batch);
    caughtUp += others.catchUp(c, table, agents.lastSeen(), now.minus(windows.get().longest()));
    table.expire(Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano()));
    Map<TargetKey, java.util.List<Observation>> targets = new TreeMap<>();
    for (TargetRow row : table.dirty()) targets.put(row.key, table.observations(row));
    Set<TargetKey> unchanged = new HashSet<>();
    Map<TargetKey, Long> answered = new HashMap<>();
    for (TargetKey key : open) {
      TargetRow row = table.find(key);
      if (row == null) continue;
      answered.put(key, row.answered);
      if (row.dirty) continue;
      targets.put(key, table.observations(row));
      if (Long.valueOf(row.answered).equals(judged.get(key))) unchanged.add(key);
    }
    selected = answered;
    return new Selection(table.tallies(), targets, unchanged);
  }

  @Override
  public void committed() {
    if (table != null) table.clean();
    judged = selected;
  }

  /** Rows read back from the database so far (other replicas' commits); a metric. */
  long caughtUp() {
    return caughtUp;
  }

  /** The table as it stands (null before the first rebuild), for tests and the bench. */
  AnswerTable table() {
    return table;
  }

  private void apply(CommittedSamples batch) {
    long received = micros(batch.receivedAt());
    for (Sample s : batch.samples()) {
      if (!s.getCheckId().isEmpty()) continue;
      TargetRow row = table.row(s.getTarget().getProxy(), s.getTarget().getModule(), s.getTarget().getVersion(),
          EndpointKinds.name(s.getTarget().getEndpoint()));
      table.put(row, s.getRegion(), table.answers.of(s, received, row));
    }
    for (Sample s : batch.samples()) others.applied(s.getAgentId(), batch.receivedAt());
  }

  private AnswerTable rebuild(Connection c, Instant now) throws SQLException {
    pending.clear();
    accepting = true;
    FreshnessWindows w = windows.get();
    AnswerTable rebuilt = new AnswerTable(w);
    Agents agents = agents(c);
    rebuilt.skews(agents.skews());
    others = new OtherReplicas();
    agents.lastSeen().forEach(others::applied);
    try (PreparedStatement s = c.prepareStatement(REBUILD)) {
      s.setFetchSize(10_000);
      s.setTimestamp(1, Timestamp.from(now.minus(w.longest())));
      s.setTimestamp(2, Timestamp.from(w.since(now, "list")));
      s.setTimestamp(3, Timestamp.from(w.since(now, "info")));
      s.setTimestamp(4, Timestamp.from(w.since(now, "mod")));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          TargetRow row = rebuilt.row(rs.getString("proxy"), rs.getString("module"), rs.getString("version"),
              rs.getString("endpoint"));
          rebuilt.put(row, rs.getString("region"), rebuilt.answers.of(rs, row));
        }
      }
    }
    return rebuilt;
  }

  private static Agents agents(Connection c) throws SQLException {
    Map<String, Long> skews = new java.util.HashMap<>();
    Map<String, Instant> lastSeen = new java.util.HashMap<>();
    try (PreparedStatement s = c.prepareStatement(AGENTS); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        skews.put(rs.getString(1), rs.getLong(2));
        lastSeen.put(rs.getString(1), rs.getTimestamp(3).toInstant());
      }
    }
    return new Agents(skews, lastSeen);
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
  }
}
