package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeEvent;
import io.proxywatch.collector.divergence.EpisodeKind;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One notification-worthy change of a divergence episode (or of an agent going offline/online). Null strings
 * become empty strings and null collections empty ones, so channels never have to check.
 */
public record AlertEvent(
    long episodeId,
    EpisodeEvent event,
    String alertName,
    EpisodeKind kind,
    String module, String version, String endpoint, String url,
    List<String> outlierRegions,
    List<String> majorityRegions,
    String majorityFingerprint,
    Map<String, String> regionFingerprints,
    Instant openedAt, Instant firedAt,
    Instant resolvedAt,
    Double convergenceSeconds,
    String convergedLastRegion,
    String detailUrl,
    Map<String, Integer> failures,
    int regionTargets) {
  public static final String DIVERGENCE = "ProxywatchDivergence";
  public static final String AGENT_OFFLINE = "ProxywatchAgentOffline";
  public static final String REGION_DEGRADED = "ProxywatchRegionDegraded";

  /** An event without a regional failure mix (target divergences, agent outages). */
  public AlertEvent(long episodeId, EpisodeEvent event, String alertName, EpisodeKind kind, String module, String version,
                    String endpoint, String url, List<String> outlierRegions, List<String> majorityRegions,
                    String majorityFingerprint, Map<String, String> regionFingerprints, Instant openedAt, Instant firedAt,
                    Instant resolvedAt, Double convergenceSeconds, String convergedLastRegion, String detailUrl) {
    this(episodeId, event, alertName, kind, module, version, endpoint, url, outlierRegions, majorityRegions,
        majorityFingerprint, regionFingerprints, openedAt, firedAt, resolvedAt, convergenceSeconds, convergedLastRegion,
        detailUrl, Map.of(), 0);
  }
  public static final String AGENT_CLOCK = "ProxywatchAgentClock";

  public AlertEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(alertName, "alertName");
    Objects.requireNonNull(kind, "kind");
    module = orEmpty(module);
    version = orEmpty(version);
    endpoint = orEmpty(endpoint);
    url = orEmpty(url);
    outlierRegions = outlierRegions == null ? List.of() : List.copyOf(outlierRegions);
    majorityRegions = majorityRegions == null ? List.of() : List.copyOf(majorityRegions);
    majorityFingerprint = orEmpty(majorityFingerprint);
    regionFingerprints = regionFingerprints == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(regionFingerprints));
    convergedLastRegion = orEmpty(convergedLastRegion);
    detailUrl = orEmpty(detailUrl);
    failures = failures == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  public EpisodeKind.Severity severity() {
    return kind.severity();
  }

  /** The regions the event is about: the outliers, the degraded region, or the silent agent's region. */
  public List<String> regions() {
    return outlierRegions;
  }

  public boolean isFiring() {
    return event == EpisodeEvent.FIRING;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
