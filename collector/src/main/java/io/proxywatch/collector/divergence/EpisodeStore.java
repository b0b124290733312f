package io.proxywatch.collector.divergence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads observations and reads and writes episodes, inside the caller's transaction. */
final class EpisodeStore {
  /**
   * When a sample was taken, on a clock the collector trusts: the agent's time corrected by its measured offset,
   * but never later than the collector received it. A clock minutes off can neither hide a region (its samples
   * would look old) nor keep one fresh forever (they would look new); a replayed spool still looks as old as it is.
   */
  static final String SEEN_AT = "LEAST(s.received_at, s.time + COALESCE(a.clock_skew_micros, 0) * INTERVAL '1 microsecond')";
  private static final String FRESH = "SELECT DISTINCT ON (s.proxy, s.module, s.version, s.endpoint, s.region) s.proxy,"
      + " s.module, s.version, s.endpoint, s.region, s.agent_id, s.sequence, " + SEEN_AT + " AS seen_at, s.url,"
      + " s.http_status, s.error_class, s.etag, s.location, s.content_sha256, s.listed_versions, s.reported_version"
      + " FROM samples s LEFT JOIN agents a ON a.agent_id = s.agent_id"
      + " WHERE s.received_at > ? AND s.check_id IS NULL AND (s.endpoint IN ('list', 'latest') AND " + SEEN_AT + " > ?"
      + " OR s.endpoint = 'info' AND " + SEEN_AT + " > ? OR s.endpoint IN ('mod', 'zip') AND " + SEEN_AT + " > ?)"
      + " ORDER BY s.proxy, s.module, s.version, s.endpoint, s.region, seen_at DESC, s.sequence DESC";
  static final String COLUMNS = "id, kind, module, version, endpoint, url, agent_id, state, opened_at, fired_at,"
      + " converged_at, resolved_at, last_disagreement_at, rounds, round_marker, majority_fingerprint,"
      + " majority_regions, outlier_regions, converged_last_region, convergence_seconds, reopened, event_sequence,"
      + " alert_outlier_regions, proxy, outlier_since, parent_id, failure_classes, failure_counts, region_targets";
  private static final String INSERT = "INSERT INTO divergence_episodes (kind, module, version, endpoint, url, agent_id,"
      + " state, opened_at, fired_at, converged_at, resolved_at, last_disagreement_at, rounds, round_marker,"
      + " majority_fingerprint, majority_regions, outlier_regions, converged_last_region, convergence_seconds,"
      + " reopened, event_sequence, alert_outlier_regions, proxy, outlier_since, parent_id, failure_classes,"
      + " failure_counts, region_targets)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) RETURNING id";
  private static final String UPDATE = "UPDATE divergence_episodes SET kind = ?, module = ?, version = ?, endpoint = ?,"
      + " url = ?, agent_id = ?, state = ?, opened_at = ?, fired_at = ?, converged_at = ?, resolved_at = ?,"
      + " last_disagreement_at = ?, rounds = ?, round_marker = ?, majority_fingerprint = ?, majority_regions = ?,"
      + " outlier_regions = ?, converged_last_region = ?, convergence_seconds = ?, reopened = ?, event_sequence = ?,"
      + " alert_outlier_regions = ?, proxy = ?, outlier_since = ?::jsonb, parent_id = ?, failure_classes = ?,"
      + " failure_counts = ?, region_targets = ? WHERE id = ?";
  static final String EVIDENCE = "INSERT INTO divergence_evidence (episode_id, region, fingerprint, first_seen,"
      + " last_seen, agent_id, sequence, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (episode_id, region, fingerprint)"
      + " DO UPDATE SET last_seen = GREATEST(divergence_evidence.last_seen, EXCLUDED.last_seen)";
  private static final String FIRST_SEEN = "SELECT first_seen FROM divergence_evidence"
      + " WHERE episode_id = ? AND region = ? AND fingerprint = ?";

  /** Every region's latest observation of every target within the window of its endpoint class. */
  List<Observation> fresh(Connection c, Instant now, FreshnessWindows windows) throws SQLException {
    List<Observation> observations = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(FRESH)) {
      s.setTimestamp(1, Timestamp.from(now.minus(windows.longest())));
      s.setTimestamp(2, Timestamp.from(windows.since(now, "list")));
      s.setTimestamp(3, Timestamp.from(windows.since(now, "info")));
      s.setTimestamp(4, Timestamp.from(windows.since(now, "mod")));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) observations.add(observation(rs));
      }
    }
    return observations;
  }

  /** One row of the latest samples (the columns of {@code FRESH}, with {@code seen_at}) as an observation. */
  static Observation observation(ResultSet rs) throws SQLException {
    byte[] sha = rs.getBytes("content_sha256");
    Array listed = rs.getArray("listed_versions");
    String reported = rs.getString("reported_version");
    return new Observation(new TargetKey(rs.getString("proxy"), rs.getString("module"), rs.getString("version"),
        rs.getString("endpoint")), rs.getString("region"), rs.getString("agent_id"), rs.getLong("sequence"),
        rs.getTimestamp("seen_at").toInstant(), rs.getString("url"), rs.getInt("http_status"), rs.getString("error_class"),
        rs.getString("etag"), rs.getString("location"), sha == null ? null : HexFormat.of().formatHex(sha),
        listed == null ? null : strings(listed), reported == null ? "" : reported);
  }

  /** Open target episodes by target, locked for this transaction. */
  Map<TargetKey, Episode> openEpisodes(Connection c) throws SQLException {
    Map<TargetKey, Episode> open = new TreeMap<>();
    for (EpisodeView v : openViews(c, "kind NOT IN ('agent_offline', 'agent_clock', 'region_degraded') AND kind NOT IN " + GroundTruthStore.KINDS)) {
      open.put(new TargetKey(v.proxy(), v.module(), v.version(), v.endpoint()), Episode.restore(v));
    }
    return open;
  }

  /** Open regional incidents by region, locked for this transaction. */
  Map<String, RegionIncident> openIncidents(Connection c) throws SQLException {
    Map<String, RegionIncident> open = new TreeMap<>();
    for (EpisodeView v : openViews(c, "kind = 'region_degraded'")) open.put(v.region(), RegionIncident.restore(v));
    return open;
  }

  /** Open agent episodes of one kind by agent id, locked for this transaction. */
  Map<String, AgentEpisode> openAgentEpisodes(Connection c, EpisodeKind kind) throws SQLException {
    Map<String, AgentEpisode> open = new TreeMap<>();
    for (EpisodeView v : openViews(c, "kind = '" + kind.label() + "'")) open.put(v.agentId(), AgentEpisode.restore(v));
    return open;
  }

  static List<EpisodeView> openViews(Connection c, String kindCondition) throws SQLException {
    List<EpisodeView> views = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM divergence_episodes"
        + " WHERE state <> 'resolved' AND " + kindCondition + " FOR UPDATE"); ResultSet rs = s.executeQuery()) {
      while (rs.next()) views.add(view(rs));
    }
    return views;
  }

  /** One divergence_episodes row (all of {@link #COLUMNS}). */
  static EpisodeView view(ResultSet rs) throws SQLException {
    double seconds = rs.getDouble("convergence_seconds");
    Double convergence = rs.wasNull() ? null : seconds;
    String kind = rs.getString("kind");
    return new EpisodeView(rs.getLong("id"), EpisodeKind.ofLabel(kind).orElseThrow(
            () -> new IllegalStateException("unknown episode kind in the database: " + kind)),
        rs.getString("module"), rs.getString("version"), rs.getString("endpoint"), rs.getString("url"),
        rs.getString("agent_id"), EpisodeState.ofLabel(rs.getString("state")),
        instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("fired_at")),
        instant(rs.getTimestamp("converged_at")), instant(rs.getTimestamp("resolved_at")),
        instant(rs.getTimestamp("last_disagreement_at")), rs.getInt("rounds"), rs.getString("round_marker"),
        rs.getString("majority_fingerprint"), strings(rs.getArray("majority_regions")),
        strings(rs.getArray("outlier_regions")), strings(rs.getArray("alert_outlier_regions")), Map.of(),
        rs.getString("converged_last_region"), convergence, rs.getInt("reopened"), rs.getInt("event_sequence"),
        rs.getString("proxy"), OutlierSince.fromJson(rs.getString("outlier_since")),
        rs.getObject("parent_id", Long.class), failures(rs), rs.getInt("region_targets"));
  }

  private static Map<String, Integer> failures(ResultSet rs) throws SQLException {
    List<String> classes = strings(rs.getArray("failure_classes"));
    Array counts = rs.getArray("failure_counts");
    Integer[] values = counts == null ? new Integer[0] : (Integer[]) counts.getArray();
    Map<String, Integer> failures = new TreeMap<>();
    for (int i = 0; i < classes.size() && i < values.length; i++) failures.put(classes.get(i), values[i]);
    return failures;
  }

  /** Inserts (id 0) or updates the episode; returns its id. */
  long save(Connection c, EpisodeView e) throws SQLException {
    boolean insert = e.id() == 0;
    try (PreparedStatement s = c.prepareStatement(insert ? INSERT : UPDATE)) {
      bind(c, s, e);
      if (!insert) {
        s.setLong(29, e.id());
        s.executeUpdate();
        return e.id();
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void bind(Connection c, PreparedStatement s, EpisodeView e) throws SQLException {
    s.setString(1, e.kind().label());
    s.setString(2, e.module());
    s.setString(3, e.version());
    s.setString(4, e.endpoint());
    s.setString(5, e.url());
    s.setString(6, e.agentId());
    s.setString(7, e.state().label());
    s.setTimestamp(8, timestamp(e.openedAt()));
    s.setTimestamp(9, timestamp(e.firedAt()));
    s.setTimestamp(10, timestamp(e.convergedAt()));
    s.setTimestamp(11, timestamp(e.resolvedAt()));
    s.setTimestamp(12, timestamp(e.lastDisagreementAt()));
    s.setInt(13, e.rounds());
    s.setString(14, e.roundMarker());
    s.setString(15, e.majorityFingerprint());
    s.setArray(16, c.createArrayOf("text", e.majorityRegions().toArray()));
    s.setArray(17, c.createArrayOf("text", e.outlierRegions().toArray()));
    s.setString(18, e.convergedLastRegion());
    if (e.convergenceSeconds() == null) s.setNull(19, Types.DOUBLE);
    else s.setDouble(19, e.convergenceSeconds());
    s.setInt(20, e.reopened());
    s.setInt(21, e.eventSequence());
    s.setArray(22, c.createArrayOf("text", e.alertOutlierRegions().toArray()));
    s.setString(23, e.proxy());
    s.setString(24, OutlierSince.toJson(e.outlierSince()));
    s.setObject(25, e.parentId(), Types.BIGINT);
    s.setArray(26, c.createArrayOf("text", e.failures().keySet().toArray()));
    s.setArray(27, c.createArrayOf("integer", e.failures().values().toArray()));
    s.setInt(28, e.regionTargets());
  }

  /** Records what each region is served now (one batch: a new answer's first sighting, or a later last sighting). */
  void recordEvidence(Connection c, long episodeId, Comparison comparison) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(EVIDENCE)) {
      for (Map.Entry<String, Observation> entry : comparison.byRegion().entrySet()) {
        Observation o = entry.getValue();
        s.setLong(1, episodeId);
        s.setString(2, entry.getKey());
        s.setString(3, comparison.fingerprints().get(entry.getKey()).display());
        s.setTimestamp(4, Timestamp.from(o.time()));
        s.setTimestamp(5, Timestamp.from(o.time()));
        s.setString(6, o.agentId());
        s.setLong(7, o.sequence());
        s.setString(8, o.url());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Of the answers recorded for the regions of {@code comparison}, the region whose answer appeared last. */
  String lastToArrive(Connection c, long episodeId, Comparison comparison) throws SQLException {
    String last = null;
    Instant latest = Instant.MIN;
    try (PreparedStatement s = c.prepareStatement(FIRST_SEEN)) {
      for (String region : comparison.byRegion().keySet()) {
        s.setLong(1, episodeId);
        s.setString(2, region);
        s.setString(3, comparison.fingerprints().get(region).display());
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next() && rs.getTimestamp(1).toInstant().isAfter(latest)) {
            latest = rs.getTimestamp(1).toInstant();
            last = region;
          }
        }
      }
    }
    return last;
  }

  /** Agents that sent nothing since {@code since}, with their region. */
  Map<String, String> silentAgents(Connection c, Instant since) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT agent_id, region FROM agents WHERE last_seen < ?")) {
      s.setTimestamp(1, Timestamp.from(since));
      return agentRegions(s);
    }
  }

  /**
   * Agents whose clock is off by more than {@code bound} even at the measurement's least favourable reading (the
   * offset less half the round trip), with their region. Only round-trip measurements count, never Hello's one-way guess.
   */
  Map<String, String> skewedAgents(Connection c, Duration bound) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT agent_id, region FROM agents WHERE clock_rtt_micros IS NOT NULL"
        + " AND abs(clock_skew_micros) - clock_rtt_micros / 2 > ?")) {
      s.setLong(1, bound.toNanos() / 1000);
      return agentRegions(s);
    }
  }

  private static Map<String, String> agentRegions(PreparedStatement s) throws SQLException {
    Map<String, String> agents = new TreeMap<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) agents.put(rs.getString(1), rs.getString(2));
    }
    return agents;
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static Timestamp timestamp(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
