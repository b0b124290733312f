package io.proxywatch.collector.api;

import io.proxywatch.collector.divergence.ConsistencyReport;
import io.proxywatch.collector.divergence.EpisodeDetail;
import io.proxywatch.collector.divergence.EpisodePage;
import io.proxywatch.collector.divergence.EpisodeView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.TreeMap;

/** Consistency and episodes as the REST API shows them (snake_case, ISO-8601 times, regions in name order). */
final class DivergenceJson {
  private DivergenceJson() {}

  static JsonObject consistency(ConsistencyReport report) {
    JsonArray targets = new JsonArray();
    report.targets().forEach(t -> targets.add(target(t)));
    return new JsonObject().put("fresh_window_seconds", report.freshWindow().toSeconds()).put("targets", targets)
        .put("next_cursor", report.next().map(ConsistencyCursor::encode).orElse(null));
  }

  private static JsonObject target(ConsistencyReport.Target t) {
    JsonObject regions = new JsonObject();
    new TreeMap<>(t.regions()).forEach((region, a) -> regions.put(region, new JsonObject()
        .put("fingerprint", a.fingerprint()).put("diverges", a.diverges())
        .put("status", a.status()).put("error", a.error()).put("etag", a.etag())
        .put("content_sha256", a.contentSha256()).put("location", a.location())
        .put("sample_time", text(a.sampleTime())).put("agent_id", a.agentId()).put("url", a.url())));
    return new JsonObject()
        .put("proxy", t.proxy()).put("module", t.module()).put("version", t.version()).put("endpoint", t.endpoint())
        .put("regions_compared", t.regions().size())
        .put("diverging", t.diverging())
        .put("kind", t.kind() == null ? null : t.kind().label())
        .put("majority_fingerprint", t.majorityFingerprint())
        .put("outlier_regions", new JsonArray(t.outlierRegions()))
        .put("regions", regions);
  }

  static JsonObject page(EpisodePage page) {
    JsonArray episodes = new JsonArray();
    page.episodes().forEach(e -> episodes.add(episode(e)));
    return new JsonObject().put("divergences", episodes)
        .put("next_cursor", page.nextCursor().map(String::valueOf).orElse(null));
  }

  static JsonObject detail(EpisodeDetail detail) {
    JsonArray timeline = new JsonArray();
    detail.timeline().forEach(e -> timeline.add(new JsonObject().put("region", e.region())
        .put("fingerprint", e.fingerprint()).put("first_seen", text(e.firstSeen())).put("last_seen", text(e.lastSeen()))
        .put("agent_id", e.agentId()).put("sequence", e.sequence()).put("url", e.url())));
    JsonArray suppressed = new JsonArray();
    detail.suppressed().forEach(s -> suppressed.add(new JsonObject().put("event", s.event()).put("reason", s.reason())
        .put("silence_id", s.silenceId()).put("at", text(s.at()))));
    return episode(detail.episode()).put("timeline", timeline).put("suppressed", suppressed);
  }

  static JsonObject episode(EpisodeView e) {
    return new JsonObject()
        .put("id", e.id()).put("kind", e.kind().label()).put("state", e.state().label())
        .put("module", e.module()).put("version", e.version()).put("endpoint", e.endpoint()).put("url", e.url())
        .put("agent_id", e.agentId())
        .put("opened_at", text(e.openedAt())).put("fired_at", text(e.firedAt()))
        .put("converged_at", text(e.convergedAt())).put("resolved_at", text(e.resolvedAt()))
        .put("last_disagreement_at", text(e.lastDisagreementAt()))
        .put("rounds", e.rounds()).put("reopened", e.reopened())
        .put("majority_fingerprint", e.majorityFingerprint())
        .put("majority_regions", new JsonArray(e.majorityRegions()))
        .put("outlier_regions", new JsonArray(e.outlierRegions()))
        .put("converged_last_region", e.convergedLastRegion())
        .put("convergence_seconds", e.convergenceSeconds())
        .put("proxy", e.proxy())
        .put("severity", e.kind().severity().label())
        .put("outlier_since", outlierSince(e))
        .put("parent_id", e.parentId())
        .put("region_targets", e.regionTargets())
        .put("failures", new JsonObject(new java.util.LinkedHashMap<>(e.failures())));
  }

  private static JsonObject outlierSince(EpisodeView e) {
    JsonObject since = new JsonObject();
    new TreeMap<>(e.outlierSince()).forEach((region, at) -> since.put(region, at.toString()));
    return since;
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
