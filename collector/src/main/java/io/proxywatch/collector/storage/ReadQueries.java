package io.proxywatch.collector.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.sql.DataSource;

/** The REST API's reads. Blocking JDBC: run on a worker, never on an event loop. */
public final class ReadQueries {
  private static final String AGENTS = "SELECT agent_id, region, software_version, first_seen, last_seen,"
      + " highest_sequence, samples_stored, samples_rejected, samples_missing, clock_skew_micros,"
      + " (SELECT min(first_missing) FROM agent_gaps g WHERE g.agent_id = a.agent_id) AS first_gap,"
      + " (SELECT json_agg(json_build_array(first_missing, last_missing) ORDER BY first_missing DESC)"
      + "    FROM (SELECT first_missing, last_missing FROM agent_gaps g WHERE g.agent_id = a.agent_id"
      + "          ORDER BY first_missing DESC LIMIT 20) recent) AS gaps"
      + " FROM agents a ORDER BY region, agent_id";
  private static final String SAMPLE_COLUMNS = "SELECT time, agent_id, sequence, region, module, version, endpoint, url,"
      + " scheduled_at, method, http_status, dns_us, connect_us, tls_us, ttfb_us, total_us, etag, last_modified,"
      + " cache_control, location, content_type, age_s, content_length, edge, cache_status, remote_address,"
      + " http_protocol, tls_version, content_sha256, body_bytes, error_class, error_message FROM samples WHERE true";

  private final DataSource dataSource;

  public ReadQueries(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** True when the database answers a trivial query within two seconds. */
  public boolean ping() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  public JsonArray agents() throws SQLException {
    JsonArray agents = new JsonArray();
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(AGENTS);
         ResultSet rs = statement.executeQuery()) {
      while (rs.next()) agents.add(agent(rs));
    }
    return agents;
  }

  private static JsonObject agent(ResultSet rs) throws SQLException {
    long skewMicros = rs.getLong("clock_skew_micros");
    Double skew = rs.wasNull() ? null : skewMicros / 1000.0;
    return new JsonObject()
        .put("agent_id", rs.getString("agent_id"))
        .put("region", rs.getString("region"))
        .put("software_version", rs.getString("software_version"))
        .put("first_seen", instant(rs.getTimestamp("first_seen")))
        .put("last_seen", instant(rs.getTimestamp("last_seen")))
        .put("highest_sequence", rs.getLong("highest_sequence"))
        .put("samples_stored", rs.getLong("samples_stored"))
        .put("samples_rejected", rs.getLong("samples_rejected"))
        .put("samples_missing", rs.getLong("samples_missing"))
        .put("highest_contiguous_sequence", contiguous(rs))
        .put("gaps", gaps(rs.getString("gaps")))
        .put("clock_skew_ms", skew);
  }

  /** Every sequence up to this one is stored: the highest, or just below the first gap. */
  private static long contiguous(ResultSet rs) throws SQLException {
    long firstGap = rs.getLong("first_gap");
    return rs.wasNull() ? rs.getLong("highest_sequence") : firstGap - 1;
  }

  /** The most recent 20 gaps as [first, last] pairs, newest first. */
  private static JsonArray gaps(String json) {
    return json == null ? new JsonArray() : new JsonArray(json);
  }

  /** A page of samples, newest first, with the cursor for the next page (null on the last page). */
  public JsonObject samples(SampleQuery query) throws SQLException {
    Sql sql = new Sql(SAMPLE_COLUMNS)
        .equal("region", query.region()).equal("module", query.module())
        .equal("endpoint", query.endpoint()).equal("url", query.url());
    query.from().ifPresent(from -> sql.append(" AND time >= ?", from));
    query.to().ifPresent(to -> sql.append(" AND time < ?", to));
    query.after().ifPresent(c -> sql.append(" AND (time, agent_id, sequence) < (?, ?, ?)",
        micros(c.timeMicros()), c.agentId(), c.sequence()));
    sql.append(" ORDER BY time DESC, agent_id DESC, sequence DESC LIMIT ?", query.limit() + 1);
    JsonArray samples = new JsonArray();
    SampleCursor last = null;
    try (Connection connection = dataSource.getConnection(); PreparedStatement statement = sql.prepare(connection);
         ResultSet rs = statement.executeQuery()) {
      boolean more = false;
      while (rs.next()) {
        if (samples.size() == query.limit()) {
          more = true;
          break;
        }
        samples.add(SampleJson.of(rs));
        last = new SampleCursor(toMicros(rs.getTimestamp("time")), rs.getString("agent_id"), rs.getLong("sequence"));
      }
      return new JsonObject().put("samples", samples).put("next_cursor", more && last != null ? last.encode() : null);
    }
  }

  /**
   * count, errors and time-to-first-byte percentiles per region per time bucket. Windows on whole hours with
   * buckets of whole hours are read from the hourly rollup (percentiles within +-2.2%, see RollupHistogram);
   * anything else from samples.
   */
  public JsonObject stats(StatsQuery query) throws SQLException {
    if (RollupStats.applies(query)) {
      try (Connection connection = dataSource.getConnection()) {
        return new JsonObject().put("from", query.from().toString()).put("to", query.to().toString())
            .put("bucket_seconds", query.bucket().toSeconds()).put("series", RollupStats.series(connection, query));
      }
    }
    Sql sql = new Sql("SELECT region, time_bucket(make_interval(secs => ?), time) AS bucket, count(*) AS count,"
        + " count(*) FILTER (WHERE error_class IS NOT NULL OR http_status >= 500) AS errors,"
        + " percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ttfb_us) AS ttfb"
        + " FROM samples WHERE time >= ? AND time < ?", (double) query.bucket().toSeconds(), query.from(), query.to())
        .equal("region", query.region()).equal("module", query.module()).equal("endpoint", query.endpoint())
        .append(" GROUP BY region, bucket ORDER BY region, bucket");
    JsonArray series = new JsonArray();
    try (Connection connection = dataSource.getConnection(); PreparedStatement statement = sql.prepare(connection);
         ResultSet rs = statement.executeQuery()) {
      while (rs.next()) series.add(statsRow(rs));
    }
    return new JsonObject().put("from", query.from().toString()).put("to", query.to().toString())
        .put("bucket_seconds", query.bucket().toSeconds()).put("series", series);
  }

  private static JsonObject statsRow(ResultSet rs) throws SQLException {
    Array ttfb = rs.getArray("ttfb");
    Object[] percentiles = ttfb == null ? new Object[3] : (Object[]) ttfb.getArray();
    return new JsonObject()
        .put("region", rs.getString("region"))
        .put("bucket_start", instant(rs.getTimestamp("bucket")))
        .put("count", rs.getLong("count"))
        .put("errors", rs.getLong("errors"))
        .put("ttfb_ms", new JsonObject().put("p50", millis(percentiles[0])).put("p95", millis(percentiles[1]))
            .put("p99", millis(percentiles[2])));
  }

  private static Double millis(Object micros) {
    return micros == null ? null : Math.round(((Number) micros).doubleValue()) / 1000.0;
  }

  static String instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant().toString();
  }

  static String hex(byte[] bytes) {
    return bytes == null ? null : HexFormat.of().formatHex(bytes);
  }

  private static long toMicros(Timestamp timestamp) {
    Instant instant = timestamp.toInstant();
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
