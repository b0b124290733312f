package io.proxywatch.collector.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/** A check's answers, read from the samples tagged with its id. Blocking JDBC: run on a worker. */
public final class CheckQueries {
  private static final String ROWS = "SELECT region, agent_id, proxy, endpoint, url, http_status, ttfb_us, etag,"
      + " content_sha256, error_class, time FROM samples WHERE check_id = ? AND time > ? ORDER BY region, proxy, endpoint";

  private final DataSource dataSource;
  private final Clock clock;

  public CheckQueries(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Optional<CheckResult> get(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT module, version, proxies, agents, created_at, deadline FROM checks WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        CheckRequestSpec spec = new CheckRequestSpec(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()));
        List<String> agents = List.of((String[]) rs.getArray(4).getArray());
        Instant created = rs.getTimestamp(5).toInstant();
        Instant deadline = rs.getTimestamp(6).toInstant();
        List<CheckResult.Row> rows = rows(c, id, created);
        Set<String> answered = new TreeSet<>();
        Map<String, Integer> perAgent = new TreeMap<>();
        rows.forEach(r -> perAgent.merge(r.agentId(), 1, Integer::sum));
        rows.forEach(r -> answered.add(r.agentId()));
        int expected = spec.probes().size();
        boolean allAnswered = !agents.isEmpty() && agents.stream().allMatch(a -> perAgent.getOrDefault(a, 0) >= expected);
        boolean complete = allAnswered || !clock.instant().isBefore(deadline);
        List<String> silent = agents.stream().filter(a -> !answered.contains(a)).sorted().toList();
        return Optional.of(new CheckResult(id, spec.module(), spec.version(), spec.proxies(), created, deadline, complete,
            agents, complete ? silent : List.of(), rows, agreement(rows)));
      }
    }
  }

  private static List<CheckResult.Row> rows(Connection c, String id, Instant created) throws SQLException {
    List<CheckResult.Row> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(ROWS)) {
      s.setString(1, id);
      s.setTimestamp(2, Timestamp.from(created.minus(Duration.ofMinutes(10))));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long ttfb = rs.getLong(7);
          Double ttfbMs = rs.wasNull() ? null : ttfb / 1000.0;
          byte[] sha = rs.getBytes(9);
          rows.add(new CheckResult.Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getInt(6), ttfbMs, rs.getString(8), sha == null ? null : HexFormat.of().formatHex(sha), rs.getString(10),
              rs.getTimestamp(11).toInstant()));
        }
      }
    }
    return rows;
  }

  private static List<CheckResult.Agreement> agreement(List<CheckResult.Row> rows) {
    Map<String, List<CheckResult.Row>> byTarget = new TreeMap<>();
    rows.forEach(r -> byTarget.computeIfAbsent(r.proxy() + " " + r.endpoint(), k -> new ArrayList<>()).add(r));
    List<CheckResult.Agreement> agreement = new ArrayList<>();
    byTarget.forEach((key, list) -> agreement.add(new CheckResult.Agreement(list.get(0).proxy(), list.get(0).endpoint(),
        list.stream().map(r -> String.valueOf(r.etag())).distinct().count() <= 1,
        list.stream().map(r -> String.valueOf(r.contentSha256())).distinct().count() <= 1,
        list.stream().map(r -> r.status() + String.valueOf(r.error())).distinct().count() <= 1)));
    return agreement;
  }
}
