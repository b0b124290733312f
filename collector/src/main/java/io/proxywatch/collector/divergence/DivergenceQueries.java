package io.proxywatch.collector.divergence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

/** The REST API's view of consistency and divergence episodes. Blocking JDBC: run on a worker. */
public final class DivergenceQueries {
  private final DataSource dataSource;
  private final EpisodeStore store = new EpisodeStore();
  private final Duration freshness;
  private final Clock clock;

  public DivergenceQueries(DataSource dataSource, Duration freshness, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.freshness = Objects.requireNonNull(freshness, "freshness");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Per target, per region: the current fingerprint and whether that region disagrees with the majority. */
  public JsonObject consistency(Optional<String> module, Optional<String> endpoint, boolean divergingOnly) throws SQLException {
    List<Observation> fresh;
    try (Connection c = dataSource.getConnection()) {
      fresh = store.fresh(c, clock.instant().minus(freshness));
    }
    Map<TargetKey, List<Observation>> byTarget = new TreeMap<>();
    for (Observation o : fresh) {
      if (module.isPresent() && !module.get().equals(o.target().module())) continue;
      if (endpoint.isPresent() && !endpoint.get().equals(o.target().endpoint())) continue;
      byTarget.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
    }
    JsonArray targets = new JsonArray();
    byTarget.forEach((target, observations) -> {
      Comparison c = Comparison.of(target, observations, null);
      if (!divergingOnly || c.diverging()) targets.add(consistencyJson(c));
    });
    return new JsonObject().put("fresh_window_seconds", freshness.toSeconds()).put("targets", targets);
  }

  private static JsonObject consistencyJson(Comparison c) {
    JsonObject regions = new JsonObject();
    c.byRegion().forEach((region, o) -> regions.put(region, new JsonObject()
        .put("fingerprint", c.fingerprints().get(region).display())
        .put("diverges", c.outlierRegions().contains(region))
        .put("status", o.status()).put("error", o.errorClass()).put("etag", o.etag())
        .put("content_sha256", o.contentSha256()).put("location", o.location())
        .put("sample_time", o.time().toString()).put("agent_id", o.agentId()).put("url", o.url())));
    return new JsonObject()
        .put("module", c.target().module()).put("version", c.target().version()).put("endpoint", c.target().endpoint())
        .put("regions_compared", c.byRegion().size())
        .put("diverging", c.diverging())
        .put("kind", c.kind() == null ? null : c.kind().label())
        .put("majority_fingerprint", c.majority().display())
        .put("outlier_regions", new JsonArray(c.outlierRegions()))
        .put("regions", regions);
  }

  /** Episodes newest first; state is "open" (pending, firing, converged) or "resolved". */
  public JsonObject list(Optional<String> state, Optional<String> module, Optional<Instant> since, int limit,
                         Optional<Long> beforeId) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT * FROM divergence_episodes WHERE true");
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
    JsonArray episodes = new JsonArray();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) s.setObject(i + 1, params.get(i));
      try (ResultSet rs = s.executeQuery()) {
        boolean more = false;
        while (rs.next()) {
          if (episodes.size() == limit) {
            more = true;
            break;
          }
          episodes.add(episodeJson(EpisodeStore.episode(rs)));
        }
        Long next = more ? episodes.getJsonObject(episodes.size() - 1).getLong("id") : null;
        return new JsonObject().put("divergences", episodes).put("next_cursor", next == null ? null : String.valueOf(next));
      }
    }
  }

  /** One episode with its per-region evidence timeline; empty when there is no such episode. */
  public Optional<JsonObject> get(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT * FROM divergence_episodes WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(episodeJson(EpisodeStore.episode(rs)).put("timeline", timeline(c, id)));
      }
    }
  }

  private static JsonArray timeline(Connection c, long id) throws SQLException {
    JsonArray timeline = new JsonArray();
    try (PreparedStatement s = c.prepareStatement("SELECT region, fingerprint, first_seen, last_seen, agent_id, sequence, url"
        + " FROM divergence_evidence WHERE episode_id = ? ORDER BY first_seen, region")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          timeline.add(new JsonObject().put("region", rs.getString(1)).put("fingerprint", rs.getString(2))
              .put("first_seen", rs.getTimestamp(3).toInstant().toString())
              .put("last_seen", rs.getTimestamp(4).toInstant().toString())
              .put("agent_id", rs.getString(5)).put("sequence", rs.getLong(6)).put("url", rs.getString(7)));
        }
      }
    }
    return timeline;
  }

  static JsonObject episodeJson(Episode e) {
    return new JsonObject()
        .put("id", e.id).put("kind", e.kind).put("state", e.state)
        .put("module", e.module).put("version", e.version).put("endpoint", e.endpoint).put("url", e.url)
        .put("agent_id", e.agentId)
        .put("opened_at", text(e.openedAt)).put("fired_at", text(e.firedAt))
        .put("converged_at", text(e.convergedAt)).put("resolved_at", text(e.resolvedAt))
        .put("last_disagreement_at", text(e.lastDisagreementAt))
        .put("rounds", e.rounds).put("reopened", e.reopened)
        .put("majority_fingerprint", e.majorityFingerprint)
        .put("majority_regions", new JsonArray(e.majorityRegions))
        .put("outlier_regions", new JsonArray(e.outlierRegions))
        .put("converged_last_region", e.convergedLastRegion)
        .put("convergence_seconds", e.convergenceSeconds);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
