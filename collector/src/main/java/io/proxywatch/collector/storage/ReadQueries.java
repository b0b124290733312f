package io.proxywatch.collector.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import javax.sql.DataSource;

/** The REST API's reads. Blocking JDBC: run on a worker, never on an event loop. */
public final class ReadQueries {
  private static final String AGENTS = "SELECT agent_id, region, software_version, first_seen, last_seen,"
      + " highest_sequence, samples_stored, samples_rejected, samples_missing, clock_skew_micros, clock_rtt_micros,"
      + " (SELECT min(first_missing) FROM agent_gaps g WHERE g.agent_id = a.agent_id) AS first_gap,"
      + " ARRAY(SELECT first_missing FROM agent_gaps g WHERE g.agent_id = a.agent_id"
      + "       ORDER BY first_missing DESC LIMIT 20) AS gap_firsts,"
      + " ARRAY(SELECT last_missing FROM agent_gaps g WHERE g.agent_id = a.agent_id"
      + "       ORDER BY first_missing DESC LIMIT 20) AS gap_lasts"
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

  public List<AgentStatus> agents() throws SQLException {
    List<AgentStatus> agents = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(AGENTS);
         ResultSet rs = statement.executeQuery()) {
      while (rs.next()) agents.add(agent(rs));
    }
    return agents;
  }

  /** The latest counters each agent reported, by agent id; agents that never reported any are absent. */
  public Map<String, ReportedStats> agentStats() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return AgentStatsRows.latest(connection);
    }
  }

  private static AgentStatus agent(ResultSet rs) throws SQLException {
    long skewMicros = rs.getLong("clock_skew_micros");
    Double skew = rs.wasNull() ? null : skewMicros / 1000.0;
    long rttMicros = rs.getLong("clock_rtt_micros");
    Double rtt = rs.wasNull() ? null : rttMicros / 1000.0;
    return new AgentStatus(rs.getString("agent_id"), rs.getString("region"), rs.getString("software_version"),
        instant(rs.getTimestamp("first_seen")), instant(rs.getTimestamp("last_seen")), rs.getLong("highest_sequence"),
        rs.getLong("samples_stored"), rs.getLong("samples_rejected"), rs.getLong("samples_missing"), contiguous(rs),
        gaps(rs), skew, rtt);
  }

  /** Every sequence up to this one is stored: the highest, or just below the first gap. */
  private static long contiguous(ResultSet rs) throws SQLException {
    long firstGap = rs.getLong("first_gap");
    return rs.wasNull() ? rs.getLong("highest_sequence") : firstGap - 1;
  }

  /** The most recent 20 gaps, newest first. */
  private static List<AgentStatus.Gap> gaps(ResultSet rs) throws SQLException {
    Object[] firsts = (Object[]) rs.getArray("gap_firsts").getArray();
    Object[] lasts = (Object[]) rs.getArray("gap_lasts").getArray();
    List<AgentStatus.Gap> gaps = new ArrayList<>();
    for (int i = 0; i < firsts.length; i++) gaps.add(new AgentStatus.Gap(((Number) firsts[i]).longValue(), ((Number) lasts[i]).longValue()));
    return gaps;
  }

  /** A page of samples, newest first, with the cursor for the next page (null on the last page). */
  public SamplePage samples(SampleQuery query) throws SQLException {
    Sql sql = new Sql(SAMPLE_COLUMNS)
        .equal("region", query.region()).equal("module", query.module())
        .equal("endpoint", query.endpoint()).equal("url", query.url());
    query.from().ifPresent(from -> sql.append(" AND time >= ?", from));
    query.to().ifPresent(to -> sql.append(" AND time < ?", to));
    query.after().ifPresent(c -> sql.append(" AND (time, agent_id, sequence) < (?, ?, ?)",
        micros(c.timeMicros()), c.agentId(), c.sequence()));
    sql.append(" ORDER BY time DESC, agent_id DESC, sequence DESC LIMIT ?", query.limit() + 1);
    List<StoredSample> samples = new ArrayList<>();
    SampleCursor last = null;
    try (Connection connection = dataSource.getConnection(); PreparedStatement statement = sql.prepare(connection);
         ResultSet rs = statement.executeQuery()) {
      boolean more = false;
      while (rs.next()) {
        if (samples.size() == query.limit()) {
          more = true;
          break;
        }
        samples.add(sample(rs));
        last = new SampleCursor(toMicros(rs.getTimestamp("time")), rs.getString("agent_id"), rs.getLong("sequence"));
      }
      return new SamplePage(samples, more ? Optional.ofNullable(last) : Optional.empty());
    }
  }

  private static StoredSample sample(ResultSet rs) throws SQLException {
    byte[] sha = rs.getBytes("content_sha256");
    return new StoredSample(instant(rs.getTimestamp("time")), rs.getString("agent_id"), rs.getLong("sequence"),
        rs.getString("region"), rs.getString("module"), rs.getString("version"), rs.getString("endpoint"),
        rs.getString("url"), instant(rs.getTimestamp("scheduled_at")), rs.getString("method"), rs.getInt("http_status"),
        nullableLong(rs, "dns_us"), nullableLong(rs, "connect_us"), nullableLong(rs, "tls_us"),
        nullableLong(rs, "ttfb_us"), nullableLong(rs, "total_us"), rs.getString("etag"), rs.getString("last_modified"),
        rs.getString("cache_control"), rs.getString("location"), rs.getString("content_type"),
        nullableLong(rs, "age_s"), nullableLong(rs, "content_length"), rs.getString("edge"),
        rs.getString("cache_status"), rs.getString("remote_address"), rs.getString("http_protocol"),
        rs.getString("tls_version"), sha == null ? null : HexFormat.of().formatHex(sha), rs.getLong("body_bytes"),
        rs.getString("error_class"), rs.getString("error_message"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /**
   * count, errors and time-to-first-byte percentiles per region per time bucket. Windows on whole hours with
   * buckets of whole hours are read from the hourly rollup (percentiles within +-2.2%, see RollupHistogram);
   * anything else from samples.
   */
  public StatsSeries stats(StatsQuery query) throws SQLException {
    if (RollupStats.applies(query)) {
      try (Connection connection = dataSource.getConnection()) {
        return new StatsSeries(query.from(), query.to(), query.bucket(), RollupStats.series(connection, query));
      }
    }
    Sql sql = new Sql("SELECT region, time_bucket(make_interval(secs => ?), time) AS bucket, count(*) AS count,"
        + " count(*) FILTER (WHERE error_class IS NOT NULL OR http_status >= 500) AS errors,"
        + " percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ttfb_us) AS ttfb"
        + " FROM samples WHERE time >= ? AND time < ?", (double) query.bucket().toSeconds(), query.from(), query.to())
        .equal("region", query.region()).equal("module", query.module()).equal("endpoint", query.endpoint())
        .append(" GROUP BY region, bucket ORDER BY region, bucket");
    List<StatsSeries.Point> points = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); PreparedStatement statement = sql.prepare(connection);
         ResultSet rs = statement.executeQuery()) {
      while (rs.next()) points.add(statsRow(rs));
    }
    return new StatsSeries(query.from(), query.to(), query.bucket(), points);
  }

  private static StatsSeries.Point statsRow(ResultSet rs) throws SQLException {
    Array ttfb = rs.getArray("ttfb");
    Object[] percentiles = ttfb == null ? new Object[3] : (Object[]) ttfb.getArray();
    return new StatsSeries.Point(rs.getString("region"), rs.getTimestamp("bucket").toInstant(), rs.getLong("count"),
        rs.getLong("errors"), millis(percentiles[0]), millis(percentiles[1]), millis(percentiles[2]));
  }

  private static Double millis(Object micros) {
    return micros == null ? null : Math.round(((Number) micros).doubleValue()) / 1000.0;
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static long toMicros(Timestamp timestamp) {
    Instant instant = timestamp.toInstant();
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
