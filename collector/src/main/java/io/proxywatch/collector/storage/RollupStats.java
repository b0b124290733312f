package io.proxywatch.collector.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * /api/v1/stats from the hourly rollup, for windows on whole hours with buckets of whole hours: rolled-up
 * hours from stats_rollup, hours still marked dirty aggregated from samples the same way, both read in one
 * snapshot and merged per region and bucket. Counts and errors are exact; percentiles within +-2.2%
 * ({@link RollupHistogram}).
 */
final class RollupStats {
  private RollupStats() {}

  static boolean applies(StatsQuery query) {
    long hour = RollupSql.HOUR_SECONDS;
    return query.bucket().toSeconds() % hour == 0 && query.bucket().toNanosPart() == 0 && onHour(query.from()) && onHour(query.to());
  }

  private static boolean onHour(Instant t) {
    return t.getNano() == 0 && t.getEpochSecond() % RollupSql.HOUR_SECONDS == 0;
  }

  static List<StatsSeries.Point> series(Connection c, StatsQuery query) throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
    try {
      Map<String, Map<Instant, Bucket>> byRegion = new TreeMap<>();
      try (PreparedStatement s = hourly(query, dirtyHours(c, query)).prepare(c); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          byRegion.computeIfAbsent(rs.getString("region"), r -> new TreeMap<>())
              .computeIfAbsent(rs.getTimestamp("bucket").toInstant(), b -> new Bucket()).add(rs);
        }
      }
      c.commit();
      return points(byRegion);
    } finally {
      c.setReadOnly(false);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(true);
    }
  }

  private static List<Timestamp> dirtyHours(Connection c, StatsQuery query) throws SQLException {
    List<Timestamp> hours = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT hour FROM stats_rollup_dirty WHERE hour >= ? AND hour < ?")) {
      s.setTimestamp(1, Timestamp.from(query.from()));
      s.setTimestamp(2, Timestamp.from(query.to()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) hours.add(rs.getTimestamp(1));
      }
    }
    return hours;
  }

  /**
   * Rolled-up hours not marked dirty, plus the dirty hours aggregated from samples; the marks are read by
   * sub-selects in the same snapshot as {@code dirty}, which only bounds the scan of samples.
   */
  private static Sql hourly(StatsQuery q, List<Timestamp> dirty) {
    String marked = "(SELECT hour FROM stats_rollup_dirty WHERE hour >= ? AND hour < ?)";
    Sql sql = new Sql("SELECT region, time_bucket(make_interval(secs => ?), hour) AS bucket, count, errors, ttfb_bins, ttfb_counts"
        + " FROM (SELECT hour, region, count, errors, ttfb_bins, ttfb_counts FROM stats_rollup WHERE hour >= ? AND hour < ?",
        (double) q.bucket().toSeconds(), q.from(), q.to());
    filters(sql, q).append(" AND hour NOT IN " + marked, q.from(), q.to());
    if (!dirty.isEmpty()) {
      Instant first = dirty.stream().min(Timestamp::compareTo).orElseThrow().toInstant();
      Instant last = dirty.stream().max(Timestamp::compareTo).orElseThrow().toInstant().plusSeconds(RollupSql.HOUR_SECONDS);
      String where = "time >= ? AND time < ? AND time_bucket(INTERVAL '1 hour', time) IN " + marked
          + (q.region().isPresent() ? " AND region = ?" : "") + (q.module().isPresent() ? " AND module = ?" : "")
          + (q.endpoint().isPresent() ? " AND endpoint = ?" : "");
      List<Object> params = new ArrayList<>(List.of(first, last, q.from(), q.to()));
      q.region().ifPresent(params::add);
      q.module().ifPresent(params::add);
      q.endpoint().ifPresent(params::add);
      sql.append(" UNION ALL SELECT hour, region, count, errors, ttfb_bins, ttfb_counts FROM (" + RollupSql.aggregate(where) + ") raw",
          params.toArray());
    }
    return sql.append(") r");
  }

  private static Sql filters(Sql sql, StatsQuery q) {
    return sql.equal("region", q.region()).equal("module", q.module()).equal("endpoint", q.endpoint());
  }

  private static List<StatsSeries.Point> points(Map<String, Map<Instant, Bucket>> byRegion) {
    List<StatsSeries.Point> points = new ArrayList<>();
    byRegion.forEach((region, buckets) -> buckets.forEach((start, b) -> points.add(new StatsSeries.Point(region, start,
        b.count, b.errors, millis(b.ttfb.percentile(0.5)), millis(b.ttfb.percentile(0.95)), millis(b.ttfb.percentile(0.99))))));
    return points;
  }

  /** As the raw query reports them: microseconds rounded, in milliseconds. */
  private static Double millis(Double micros) {
    return micros == null ? null : Math.round(micros) / 1000.0;
  }

  private static final class Bucket {
    long count;
    long errors;
    final RollupHistogram ttfb = new RollupHistogram();

    void add(ResultSet rs) throws SQLException {
      count += rs.getLong("count");
      errors += rs.getLong("errors");
      Array bins = rs.getArray("ttfb_bins");
      Array counts = rs.getArray("ttfb_counts");
      Object[] b = (Object[]) bins.getArray();
      Object[] n = (Object[]) counts.getArray();
      short[] binValues = new short[b.length];
      int[] countValues = new int[n.length];
      for (int i = 0; i < b.length; i++) {
        binValues[i] = ((Number) b[i]).shortValue();
        countValues[i] = ((Number) n[i]).intValue();
      }
      ttfb.add(binValues, countValues);
    }
  }
}
