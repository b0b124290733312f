package io.proxywatch.collector.watch;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every version any region's @v/list has shown, per proxy and module: what {@code all} and {@code latest:N} expand
 * to. Loaded from the last day of list samples, then kept up to date from new ones only (a watermark on the
 * sample time, read again with a margin for late batches: adding a version twice is harmless).
 */
final class KnownVersions {
  private static final Duration LOOKBACK = Duration.ofDays(1);
  private static final Duration LATE = Duration.ofMinutes(2);
  private static final String READ = "SELECT proxy, module, listed_versions, time FROM samples"
      + " WHERE endpoint = 'list' AND listed_versions IS NOT NULL AND time > ?";

  private final Map<String, SortedSet<String>> byProxyModule = new TreeMap<>();
  private Instant watermark;

  /** Reads what arrived since the last call; returns whether anything new was learnt. */
  boolean refresh(Connection c, Instant now) throws SQLException {
    Instant since = watermark == null ? now.minus(LOOKBACK) : watermark.minus(LATE);
    boolean changed = false;
    try (PreparedStatement s = c.prepareStatement(READ)) {
      s.setTimestamp(1, Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          changed |= add(rs.getString(1), rs.getString(2), rs.getArray(3));
          Instant t = rs.getTimestamp(4).toInstant();
          if (watermark == null || t.isAfter(watermark)) watermark = t;
        }
      }
    }
    if (watermark == null) watermark = now;
    return changed;
  }

  private boolean add(String proxy, String module, Array listed) throws SQLException {
    SortedSet<String> versions = byProxyModule.computeIfAbsent(TargetSetBuilder.key(proxy, module), k -> new TreeSet<>());
    boolean changed = false;
    for (String v : (String[]) listed.getArray()) changed |= versions.add(v);
    return changed;
  }

  Map<String, SortedSet<String>> snapshot() {
    Map<String, SortedSet<String>> copy = new TreeMap<>();
    byProxyModule.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    return copy;
  }
}
