package io.proxywatch.collector.storage;

/** The rollup's SQL: one aggregation of samples into hourly rows, shared by the job and by queries of marked hours. */
final class RollupSql {
  static final long HOUR_SECONDS = 3600;

  /** The histogram bin of ttfb_us, NULL when absent; see migrations/V7 for the bin bounds. */
  private static final String BIN = "CASE WHEN ttfb_us IS NULL THEN NULL WHEN ttfb_us < 1 THEN 0"
      + " ELSE 1 + floor(16 * ln(ttfb_us::float8) / ln(2.0))::int END";

  /**
   * Hourly rows (hour, region, module, endpoint, count, errors, ttfb_bins, ttfb_counts) of the samples matched by
   * {@code where} (a fragment starting with "time >= ? AND time < ?", possibly with more conditions).
   */
  static String aggregate(String where) {
    return "SELECT hour, region, module, endpoint, sum(n)::bigint AS count, sum(e)::bigint AS errors,"
        + " coalesce(array_agg(bin::smallint ORDER BY bin) FILTER (WHERE bin IS NOT NULL), '{}') AS ttfb_bins,"
        + " coalesce(array_agg(n::int ORDER BY bin) FILTER (WHERE bin IS NOT NULL), '{}') AS ttfb_counts"
        + " FROM (SELECT time_bucket(INTERVAL '1 hour', time) AS hour, region, module, endpoint, " + BIN + " AS bin,"
        + " count(*) AS n, count(*) FILTER (WHERE error_class IS NOT NULL OR http_status >= 500) AS e"
        + " FROM samples WHERE " + where + " GROUP BY 1, 2, 3, 4, 5) g"
        + " GROUP BY hour, region, module, endpoint";
  }

  private RollupSql() {}
}
