package io.proxywatch.collector.divergence;

import io.proxywatch.collector.divergence.ConsistencyReport.Position;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one page of the consistency listing without scanning the whole fresh window: it picks the page's modules
 * first (the next modules with a fresh sample, by a skip scan of the module index; or the targets of open episodes
 * when only diverging ones are asked), then reads each region's latest fresh sample of just those modules' endpoints,
 * each a bounded range of {@code samples_module_time_idx}. Modules come in the database's order, a module's targets
 * in {@link Position} order; a page ends after whole targets, never inside one.
 */
final class ConsistencyPages {
  /** Where a sample's trusted time can lie at most before its agent's time: the largest clock correction. */
  private static final String MAX_SKEW = "SELECT COALESCE(max(abs(clock_skew_micros)), 0) FROM agents";
  private static final String NEXT_MODULES = "WITH RECURSIVE m(module) AS ("
      + " (SELECT module FROM samples WHERE module %s ? AND time > ? ORDER BY module LIMIT 1)"
      + " UNION ALL SELECT (SELECT s.module FROM samples s WHERE s.module > m.module AND s.time > ? ORDER BY s.module LIMIT 1)"
      + " FROM m WHERE m.module IS NOT NULL) SELECT module FROM m WHERE module IS NOT NULL LIMIT ?";
  private static final String OPEN_TARGETS = "SELECT module, version, endpoint, proxy FROM divergence_episodes"
      + " WHERE state <> 'resolved' AND kind IN ('status', 'redirect', 'content', 'etag', 'stale')"
      + " AND (module, version, endpoint, proxy) > (?, ?, ?, ?) AND (? = '' OR module = ?) AND (? = '' OR endpoint = ?)"
      + " ORDER BY module, version, endpoint, proxy LIMIT ?";
  private static final String LATEST = "SELECT DISTINCT ON (s.module, s.version, s.endpoint, s.proxy, s.region) s.proxy,"
      + " s.module, s.version, s.endpoint, s.region, s.agent_id, s.sequence, " + EpisodeStore.SEEN_AT + " AS seen_at, s.url,"
      + " s.http_status, s.error_class, s.etag, s.location, s.content_sha256, s.listed_versions, s.reported_version"
      + " FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS t(module, endpoint, since)"
      + " JOIN samples s ON s.module = t.module AND s.endpoint = t.endpoint"
      + "  AND s.time > t.since - ? * INTERVAL '1 microsecond'"
      + " LEFT JOIN agents a ON a.agent_id = s.agent_id"
      + " WHERE s.time > ? AND s.check_id IS NULL AND " + EpisodeStore.SEEN_AT + " > t.since"
      + " ORDER BY s.module, s.version, s.endpoint, s.proxy, s.region, seen_at DESC, s.sequence DESC";
  static final List<String> ENDPOINTS = List.of("list", "latest", "info", "mod", "zip");

  private final Connection c;
  private final ConsistencyReport.Query query;
  private final Instant now;
  private final FreshnessWindows windows;
  private final long maxSkewMicros;
  private final Instant oldest;

  private ConsistencyPages(Connection c, ConsistencyReport.Query query, Instant now, FreshnessWindows windows)
      throws SQLException {
    this.c = c;
    this.query = query;
    this.now = now;
    this.windows = windows;
    this.maxSkewMicros = maxSkew(c);
    this.oldest = now.minus(windows.longest()).minusNanos(maxSkewMicros * 1000);
  }

  /** The page the query asks for, compared target by target; at most limit targets and where the next page starts. */
  static Page read(Connection c, ConsistencyReport.Query query, Instant now, FreshnessWindows windows) throws SQLException {
    ConsistencyPages pages = new ConsistencyPages(c, query, now, windows);
    return query.divergingOnly() ? pages.diverging() : pages.all();
  }

  /** Compared targets in listing order, and whether more follow the last one. */
  record Page(List<Comparison> targets, boolean more) {}

  private Page all() throws SQLException {
    List<Comparison> found = new ArrayList<>();
    Optional<Position> after = query.after();
    String from = query.module().orElse(after.map(Position::module).orElse(""));
    boolean inclusive = true;
    int batch = Math.max(1, query.limit() / ENDPOINTS.size() + 1);
    while (found.size() <= query.limit()) {
      List<String> modules = query.module().isPresent() ? List.of(from) : nextModules(from, inclusive, batch);
      if (query.module().isPresent() && after.isPresent() && !after.get().module().equals(from)) break;
      for (Comparison compared : compare(latest(modules), null)) {
        if (after.isEmpty() || isAfter(compared.target(), after.get())) found.add(compared);
      }
      if (query.module().isPresent() || modules.size() < batch) break;
      from = modules.get(modules.size() - 1);
      inclusive = false;
    }
    return page(found);
  }

  private Page diverging() throws SQLException {
    List<Comparison> found = new ArrayList<>();
    Position after = query.after().orElse(new Position("", "", "", ""));
    int batch = query.limit() + 1;
    while (found.size() <= query.limit()) {
      List<TargetKey> open = openTargets(after, batch);
      if (open.isEmpty()) break;
      List<String> modules = open.stream().map(TargetKey::module).distinct().toList();
      for (Comparison compared : compare(latest(modules), open)) {
        if (compared.diverging()) found.add(compared);
      }
      if (open.size() < batch) break;
      after = Position.of(open.get(open.size() - 1));
    }
    return page(found);
  }

  private Page page(List<Comparison> found) {
    boolean more = found.size() > query.limit();
    return new Page(more ? found.subList(0, query.limit()) : found, more);
  }

  /** Same module: after by (version, endpoint, proxy); another module came later in the database's order. */
  private static boolean isAfter(TargetKey target, Position after) {
    return !target.module().equals(after.module()) || Position.of(target).compareTo(after) > 0;
  }

  /** Each target's comparison, in the order the rows came (only the given targets, when given). */
  private static List<Comparison> compare(Map<TargetKey, List<Observation>> byTarget, List<TargetKey> only) {
    List<Comparison> compared = new ArrayList<>();
    if (only == null) {
      byTarget.forEach((target, observations) -> compared.add(Comparison.of(target, observations, null)));
    } else {
      for (TargetKey target : only) {
        List<Observation> observations = byTarget.get(target);
        if (observations != null) compared.add(Comparison.of(target, observations, null));
      }
    }
    return compared;
  }

  private List<String> nextModules(String from, boolean inclusive, int n) throws SQLException {
    List<String> modules = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(NEXT_MODULES.formatted(inclusive ? ">=" : ">"))) {
      s.setString(1, from);
      s.setTimestamp(2, Timestamp.from(oldest));
      s.setTimestamp(3, Timestamp.from(oldest));
      s.setInt(4, n);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) modules.add(rs.getString(1));
      }
    }
    return modules;
  }

  private List<TargetKey> openTargets(Position after, int n) throws SQLException {
    List<TargetKey> targets = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(OPEN_TARGETS)) {
      s.setString(1, after.module());
      s.setString(2, after.version());
      s.setString(3, after.endpoint());
      s.setString(4, after.proxy());
      s.setString(5, query.module().orElse(""));
      s.setString(6, query.module().orElse(""));
      s.setString(7, query.endpoint().orElse(""));
      s.setString(8, query.endpoint().orElse(""));
      s.setInt(9, n);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) targets.add(new TargetKey(rs.getString(4), rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    return targets;
  }

  /** Every region's latest fresh observation of the modules' endpoints (only the asked endpoint, when one is). */
  private Map<TargetKey, List<Observation>> latest(List<String> modules) throws SQLException {
    Map<TargetKey, List<Observation>> byTarget = new LinkedHashMap<>();
    if (modules.isEmpty()) return byTarget;
    List<String> endpoints = query.endpoint().map(List::of).orElse(ENDPOINTS);
    List<String> pairModules = new ArrayList<>();
    List<String> pairEndpoints = new ArrayList<>();
    List<Timestamp> since = new ArrayList<>();
    for (String module : modules) {
      for (String endpoint : endpoints) {
        pairModules.add(module);
        pairEndpoints.add(endpoint);
        since.add(Timestamp.from(windows.since(now, endpoint)));
      }
    }
    try (PreparedStatement s = c.prepareStatement(LATEST)) {
      s.setArray(1, c.createArrayOf("text", pairModules.toArray()));
      s.setArray(2, c.createArrayOf("text", pairEndpoints.toArray()));
      s.setArray(3, c.createArrayOf("timestamptz", since.toArray()));
      s.setLong(4, maxSkewMicros);
      s.setTimestamp(5, Timestamp.from(oldest));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Observation o = EpisodeStore.observation(rs);
          byTarget.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
        }
      }
    }
    return byTarget;
  }

  private static long maxSkew(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MAX_SKEW); ResultSet rs = s.executeQuery()) {
      rs.next();
      return Math.max(0, rs.getLong(1));
    }
  }

}
