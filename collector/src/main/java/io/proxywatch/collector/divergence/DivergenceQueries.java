package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Reads of consistency and episodes for the API and for alerting. Blocking JDBC: run on a worker. */
public final class DivergenceQueries {
  private static final String EPISODES = "SELECT " + EpisodeStore.COLUMNS + " FROM divergence_episodes";

  private final DataSource dataSource;
  private final Duration freshness;
  private final java.util.function.Supplier<FreshnessWindows> windows;
  private final Clock clock;

  public DivergenceQueries(DataSource dataSource, Duration freshness, Clock clock) {
    this(dataSource, freshness, FreshnessWindows.uniform(freshness), clock);
  }

  public DivergenceQueries(DataSource dataSource, Duration freshness, java.util.function.Supplier<FreshnessWindows> windows,
                           Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.freshness = Objects.requireNonNull(freshness, "freshness");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One page of targets (see {@link ConsistencyPages}), per region the current fingerprint and whether that region
   * disagrees with the majority. Diverging only: the targets with an open episode that still disagree (the leader
   * opens one within an evaluation of the disagreement).
   */
  public ConsistencyReport consistency(ConsistencyReport.Query query) throws SQLException {
    ConsistencyPages.Page page;
    try (Connection c = dataSource.getConnection()) {
      page = ConsistencyPages.read(c, query, clock.instant(), windows.get());
    }
    List<ConsistencyReport.Target> targets = page.targets().stream().map(DivergenceQueries::target).toList();
    Optional<ConsistencyReport.Position> next = page.more() && !targets.isEmpty()
        ? Optional.of(targets.get(targets.size() - 1).position()) : Optional.empty();
    return new ConsistencyReport(freshness, targets, next);
  }

  private static ConsistencyReport.Target target(Comparison c) {
    Map<String, ConsistencyReport.RegionAnswer> regions = new TreeMap<>();
    c.byRegion().forEach((region, o) -> regions.put(region, new ConsistencyReport.RegionAnswer(
        c.fingerprints().get(region).display(), c.outlierRegions().contains(region), o.status(), o.errorClass(),
        o.etag(), o.contentSha256(), o.location(), o.time(), o.agentId(), o.url())));
    return new ConsistencyReport.Target(c.target().proxy(), c.target().module(), c.target().version(), c.target().endpoint(),
        c.diverging(), c.kind(), c.majority().display(), c.outlierRegions(), regions);
  }

  /** Episodes newest first; state is "open" (pending, firing, converged) or "resolved". */
  public EpisodePage list(Optional<String> state, Optional<String> module, Optional<Instant> since, int limit,
                          Optional<Long> beforeId) throws SQLException {
    StringBuilder sql = new StringBuilder(EPISODES).append(" WHERE true");
    List<Object> params = new ArrayList<>();
    state.ifPresent(s -> sql.append(s.equals("open") ? " AND state <> 'resolved'" : " AND state = 'resolved'"));
    module.ifPresent(m -> {
      sql.append(" AND module = ?");
      params.add(m);
    });
    since.ifPresent(s -> {
      sql.append(" AND opened_at >= ?");
      params.add(Timestamp.from(s));
    });
    beforeId.ifPresent(id -> {
      sql.append(" AND id < ?");
      params.add(id);
    });
    sql.append(" ORDER BY id DESC LIMIT ?");
    params.add(limit + 1);
    List<EpisodeView> episodes = read(sql.toString(), params);
    boolean more = episodes.size() > limit;
    List<EpisodeView> page = more ? episodes.subList(0, limit) : episodes;
    return new EpisodePage(page, more ? Optional.of(page.get(limit - 1).id()) : Optional.empty());
  }

  /** Episodes that have fired and are not resolved yet (firing, or converged within the cool-down). */
  public List<EpisodeView> firing() throws SQLException {
    return read(EPISODES + " WHERE state IN ('firing', 'converged') ORDER BY id", List.of());
  }

  /** One episode with its per-region evidence timeline; empty when there is no such episode. */
  public Optional<EpisodeDetail> get(long id) throws SQLException {
    List<EpisodeView> found = read(EPISODES + " WHERE id = ?", List.of(id));
    if (found.isEmpty()) return Optional.empty();
    try (Connection c = dataSource.getConnection()) {
      return Optional.of(new EpisodeDetail(found.get(0), timeline(c, id), suppressed(c, id)));
    }
  }

  private List<EpisodeView> read(String sql, List<Object> params) throws SQLException {
    List<EpisodeView> episodes = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) s.setObject(i + 1, params.get(i));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) episodes.add(EpisodeStore.view(rs));
      }
    }
    return episodes;
  }

  private static List<EpisodeDetail.Suppressed> suppressed(Connection c, long id) throws SQLException {
    List<EpisodeDetail.Suppressed> suppressed = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT event, reason, silence_id, at FROM suppressed_notifications"
        + " WHERE episode_id = ? ORDER BY id")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          suppressed.add(new EpisodeDetail.Suppressed(rs.getString(1), rs.getString(2), rs.getObject(3, Long.class),
              rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return suppressed;
  }

  private static List<EpisodeDetail.Evidence> timeline(Connection c, long id) throws SQLException {
    List<EpisodeDetail.Evidence> timeline = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT region, fingerprint, first_seen, last_seen, agent_id, sequence, url"
        + " FROM divergence_evidence WHERE episode_id = ? ORDER BY first_seen, region")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          timeline.add(new EpisodeDetail.Evidence(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
              rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getLong(6), rs.getString(7)));
        }
      }
    }
    return timeline;
  }
}
