package io.proxywatch.collector.release;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads of releases and their propagation for the API. Blocking JDBC: run on a worker. */
public final class ReleaseQueries {
  /**
   * The newest releases (of one module, by its key, when one is asked), then their sightings by key; the first region
   * per proxy and signal is found in Java, so the rows need no sort beyond the releases' own order.
   */
  private static final String RELEASES = "SELECT r.module, r.version, r.index_time, r.propagated_at, s.proxy, s.region,"
      + " s.signal, s.first_seen FROM (SELECT * FROM releases WHERE index_time >= ? %s ORDER BY index_time DESC LIMIT ?) r"
      + " LEFT JOIN release_sightings s ON s.module = r.module AND s.version = r.version"
      + " ORDER BY r.index_time DESC, r.module, r.version";
  /**
   * From the sightings alone (each carries its release's index time): one index range per signal, or one module's
   * rows. Lags as float8 (date_part; extract would sort numerics), both percentiles from one sort per region.
   */
  private static final String LAGS = "SELECT region COLLATE \"C\", count(*),"
      + " percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY date_part('epoch', first_seen - index_time)),"
      + " max(date_part('epoch', first_seen - index_time))"
      + " FROM release_sightings WHERE signal = ? AND index_time >= ? %s GROUP BY 1 ORDER BY 1";
  private static final String ONE_MODULE = "AND module = ?";

  private final DataSource dataSource;

  public ReleaseQueries(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  public List<ReleaseView> releases(Optional<String> module, Instant since, int limit) throws SQLException {
    Map<String, ReleaseView> byKey = new LinkedHashMap<>();
    Map<String, List<ReleaseView.Sighting>> sightings = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RELEASES.formatted(filter(module)))) {
      int i = 1;
      s.setTimestamp(i++, Timestamp.from(since));
      if (module.isPresent()) s.setString(i++, module.get());
      s.setInt(i, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1) + "@" + rs.getString(2);
          Instant indexTime = rs.getTimestamp(3).toInstant();
          if (!byKey.containsKey(key)) {
            byKey.put(key, new ReleaseView(rs.getString(1), rs.getString(2), indexTime, Optional.ofNullable(ts(rs, 4)),
                List.of()));
          }
          List<ReleaseView.Sighting> list = sightings.computeIfAbsent(key, k -> new ArrayList<>());
          if (rs.getString(5) != null) {
            Instant seen = ts(rs, 8);
            list.add(new ReleaseView.Sighting(rs.getString(5), rs.getString(6), rs.getString(7), seen,
                seconds(indexTime, seen), 0));
          }
        }
      }
    }
    List<ReleaseView> views = new ArrayList<>();
    byKey.forEach((key, v) -> views.add(new ReleaseView(v.module(), v.version(), v.indexTime(), v.propagatedAt(),
        fromFirstRegion(sightings.get(key)))));
    return views;
  }

  /** Each sighting's lag behind the first region to show the release on the same proxy and signal. */
  private static List<ReleaseView.Sighting> fromFirstRegion(List<ReleaseView.Sighting> sightings) {
    Map<String, Instant> first = new java.util.HashMap<>();
    for (ReleaseView.Sighting s : sightings) first.merge(s.proxy() + "\n" + s.signal(), s.firstSeen(), (a, b) -> a.isBefore(b) ? a : b);
    List<ReleaseView.Sighting> out = new ArrayList<>(sightings.size());
    for (ReleaseView.Sighting s : sightings) {
      out.add(new ReleaseView.Sighting(s.proxy(), s.region(), s.signal(), s.firstSeen(), s.lagSeconds(),
          seconds(first.get(s.proxy() + "\n" + s.signal()), s.firstSeen())));
    }
    return out;
  }

  /** p50, p95 and max lag from the index timestamp per region, on one signal (info, list or latest). */
  public List<ReleaseView.RegionLag> propagation(Optional<String> module, String signal, Instant since) throws SQLException {
    List<ReleaseView.RegionLag> lags = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LAGS.formatted(filter(module)))) {
      s.setString(1, signal);
      s.setTimestamp(2, Timestamp.from(since));
      if (module.isPresent()) s.setString(3, module.get());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Double[] percentiles = (Double[]) rs.getArray(3).getArray();
          lags.add(new ReleaseView.RegionLag(rs.getString(1), rs.getInt(2), round(percentiles[0]), round(percentiles[1]),
              round(rs.getDouble(4))));
        }
      }
    }
    return lags;
  }

  /** A module is matched by equality, so the planner can use the primary key (module, version ...). */
  private static String filter(Optional<String> module) {
    return module.isPresent() ? ONE_MODULE : "";
  }

  private static Instant ts(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static double seconds(Instant from, Instant to) {
    return round(Math.max(0, java.time.Duration.between(from, to).toMillis()) / 1000.0);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
