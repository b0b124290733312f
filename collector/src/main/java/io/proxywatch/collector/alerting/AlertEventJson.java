package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeEvent;
import io.proxywatch.collector.divergence.EpisodeKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The event as the outbox stores it and the webhook sends it: {@code {"event", "alert", "episode": {...}}}. */
final class AlertEventJson {
  private AlertEventJson() {}

  static JsonObject toJson(AlertEvent e) {
    return new JsonObject().put("event", e.event().label()).put("alert", e.alertName())
        .put("severity", e.severity().label()).put("episode", episode(e));
  }

  private static JsonObject episode(AlertEvent e) {
    return new JsonObject()
        .put("id", e.episodeId())
        .put("kind", e.kind().label())
        .put("module", e.module())
        .put("version", e.version())
        .put("endpoint", e.endpoint())
        .put("url", e.url())
        .put("outlier_regions", new JsonArray(List.copyOf(e.outlierRegions())))
        .put("majority_regions", new JsonArray(List.copyOf(e.majorityRegions())))
        .put("majority_fingerprint", e.majorityFingerprint())
        .put("region_fingerprints", new JsonObject(new LinkedHashMap<>(e.regionFingerprints())))
        .put("opened_at", text(e.openedAt()))
        .put("fired_at", text(e.firedAt()))
        .put("resolved_at", text(e.resolvedAt()))
        .put("convergence_seconds", e.convergenceSeconds())
        .put("converged_last_region", e.convergedLastRegion())
        .put("detail_url", e.detailUrl())
        .put("severity", e.severity().label())
        .put("failures", new JsonObject(new LinkedHashMap<>(e.failures())))
        .put("region_targets", e.regionTargets());
  }

  static AlertEvent fromJson(JsonObject json) {
    JsonObject ep = json.getJsonObject("episode");
    return new AlertEvent(ep.getLong("id"), known("event", json.getString("event"), EpisodeEvent.ofLabel(json.getString("event"))),
        json.getString("alert"), known("kind", ep.getString("kind"), EpisodeKind.ofLabel(ep.getString("kind"))),
        ep.getString("module"), ep.getString("version"), ep.getString("endpoint"), ep.getString("url"),
        strings(ep.getJsonArray("outlier_regions")), strings(ep.getJsonArray("majority_regions")),
        ep.getString("majority_fingerprint"), fingerprints(ep.getJsonObject("region_fingerprints")),
        instant(ep.getString("opened_at")), instant(ep.getString("fired_at")), instant(ep.getString("resolved_at")),
        ep.getDouble("convergence_seconds"), ep.getString("converged_last_region"), ep.getString("detail_url"),
        counts(ep.getJsonObject("failures")), ep.getInteger("region_targets", 0));
  }

  private static <T> T known(String field, String value, java.util.Optional<T> parsed) {
    return parsed.orElseThrow(() -> new IllegalArgumentException("outbox payload: unknown " + field + " \"" + value + "\""));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  private static Map<String, Integer> counts(JsonObject object) {
    Map<String, Integer> map = new LinkedHashMap<>();
    if (object != null) object.forEach(entry -> map.put(entry.getKey(), ((Number) entry.getValue()).intValue()));
    return map;
  }

  private static Map<String, String> fingerprints(JsonObject object) {
    Map<String, String> map = new LinkedHashMap<>();
    if (object != null) object.forEach(entry -> map.put(entry.getKey(), String.valueOf(entry.getValue())));
    return map;
  }
}
