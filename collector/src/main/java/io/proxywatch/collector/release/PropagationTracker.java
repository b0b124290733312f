package io.proxywatch.collector.release;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.gomod.SemVer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, per release, proxy and region, the first time each signal showed the release: {@code info} (.info
 * answered 200), {@code list} (@v/list listed it), {@code latest} (@latest at that version or newer). It reads only
 * samples that arrived since its last pass (with a margin for late batches; first_seen keeps the earliest), and marks
 * a release propagated when every region probing its module has shown all three signals through every proxy.
 */
public final class PropagationTracker {
  private static final Duration LATE = Duration.ofMinutes(2);
  private static final Duration FOLLOW = Duration.ofDays(2);
  private static final String OPEN = "SELECT module, version, index_time FROM releases WHERE propagated_at IS NULL"
      + " AND index_time > ?";
  private static final String SAMPLES = "SELECT proxy, region, agent_id, sequence, time, endpoint, version, http_status,"
      + " listed_versions, reported_version FROM samples WHERE module = ? AND time > ? AND time > ? AND check_id IS NULL"
      + " AND http_status = 200 AND endpoint IN ('info', 'list', 'latest')";
  private static final String SIGHT = "INSERT INTO release_sightings (module, version, proxy, region, signal, first_seen,"
      + " agent_id, sequence, index_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (module, version, proxy, region, signal)"
      + " DO UPDATE SET first_seen = EXCLUDED.first_seen, agent_id = EXCLUDED.agent_id, sequence = EXCLUDED.sequence"
      + " WHERE EXCLUDED.first_seen < release_sightings.first_seen RETURNING (xmax = 0)";

  private final MeterRegistry meters;
  private final Map<String, DistributionSummary> lags = new ConcurrentHashMap<>();
  private Instant watermark;

  public PropagationTracker(MeterRegistry meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  private record Open(String module, String version, Instant indexTime) {}

  /** One pass in the caller's transaction; returns how many sightings were recorded. */
  public int track(Connection c, Instant now) throws SQLException {
    Instant since = watermark == null ? now.minus(FOLLOW) : watermark.minus(LATE);
    watermark = now;
    int recorded = 0;
    Map<String, List<Open>> byModule = new TreeMap<>();
    for (Open o : open(c, now)) byModule.computeIfAbsent(o.module(), m -> new ArrayList<>()).add(o);
    for (Map.Entry<String, List<Open>> module : byModule.entrySet()) recorded += module(c, module.getKey(), module.getValue(), since);
    for (List<Open> releases : byModule.values()) {
      for (Open o : releases) markIfPropagated(c, o, now);
    }
    return recorded;
  }

  private static List<Open> open(Connection c, Instant now) throws SQLException {
    List<Open> open = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(OPEN)) {
      s.setTimestamp(1, Timestamp.from(now.minus(FOLLOW)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) open.add(new Open(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
      }
    }
    return open;
  }

  private int module(Connection c, String module, List<Open> releases, Instant since) throws SQLException {
    Instant oldest = releases.stream().map(Open::indexTime).min(Instant::compareTo).orElseThrow().minus(Duration.ofHours(1));
    int recorded = 0;
    try (PreparedStatement s = c.prepareStatement(SAMPLES)) {
      s.setString(1, module);
      s.setTimestamp(2, Timestamp.from(since));
      s.setTimestamp(3, Timestamp.from(oldest));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          for (Open release : releases) {
            String signal = signal(rs, release.version());
            if (signal != null) recorded += sight(c, release, signal, rs);
          }
        }
      }
    }
    return recorded;
  }

  /** Which signal this 200 sample gives for the version, or null. */
  private static String signal(ResultSet rs, String version) throws SQLException {
    switch (rs.getString("endpoint")) {
      case "info" -> {
        return version.equals(rs.getString("version")) ? "info" : null;
      }
      case "list" -> {
        Array listed = rs.getArray("listed_versions");
        return listed != null && List.of((String[]) listed.getArray()).contains(version) ? "list" : null;
      }
      default -> {
        String reported = rs.getString("reported_version");
        return reported != null && SemVer.valid(reported) && !SemVer.newer(version, reported) ? "latest" : null;
      }
    }
  }

  private int sight(Connection c, Open release, String signal, ResultSet sample) throws SQLException {
    Instant seen = sample.getTimestamp("time").toInstant();
    try (PreparedStatement s = c.prepareStatement(SIGHT)) {
      s.setString(1, release.module());
      s.setString(2, release.version());
      s.setString(3, sample.getString("proxy"));
      s.setString(4, sample.getString("region"));
      s.setString(5, signal);
      s.setTimestamp(6, Timestamp.from(seen));
      s.setString(7, sample.getString("agent_id"));
      s.setLong(8, sample.getLong("sequence"));
      s.setTimestamp(9, Timestamp.from(release.indexTime()));
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return 0;
        if (rs.getBoolean(1)) lag(sample.getString("region"), signal).record(
            Math.max(0, Duration.between(release.indexTime(), seen).toMillis()) / 1000.0);
        return 1;
      }
    }
  }

  private DistributionSummary lag(String region, String signal) {
    return lags.computeIfAbsent(region + " " + signal, k -> DistributionSummary.builder("proxywatch_propagation_lag_seconds")
        .description("Time from a release's index timestamp to the first time a region showed it, per signal")
        .baseUnit("seconds").tag("region", region).tag("endpoint", signal)
        .serviceLevelObjectives(1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600).register(meters));
  }

  /** Propagated: every (proxy, region) that showed the release on any signal shows it on all three, and every region probing the module does. */
  private static void markIfPropagated(Connection c, Open o, Instant now) throws SQLException {
    String sql = "UPDATE releases r SET propagated_at = (SELECT max(first_seen) FROM release_sightings s"
        + " WHERE s.module = r.module AND s.version = r.version)"
        + " WHERE r.module = ? AND r.version = ? AND r.propagated_at IS NULL"
        + " AND NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT proxy, region FROM release_sightings s"
        + "   WHERE s.module = r.module AND s.version = r.version) pr"
        + "   WHERE (SELECT count(*) FROM release_sightings s2 WHERE s2.module = r.module AND s2.version = r.version"
        + "          AND s2.proxy = pr.proxy AND s2.region = pr.region) < 3)"
        + " AND NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT region FROM samples WHERE module = r.module AND time > ?) probing"
        + "   WHERE NOT EXISTS (SELECT 1 FROM release_sightings s3 WHERE s3.module = r.module AND s3.version = r.version"
        + "          AND s3.region = probing.region))"
        + " AND EXISTS (SELECT 1 FROM release_sightings s4 WHERE s4.module = r.module AND s4.version = r.version)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, o.module());
      s.setString(2, o.version());
      s.setTimestamp(3, Timestamp.from(now.minus(Duration.ofMinutes(5))));
      s.executeUpdate();
    }
  }
}
