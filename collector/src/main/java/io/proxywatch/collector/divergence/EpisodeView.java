package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A read-only snapshot of an episode (a target divergence or an agent outage) as stored, notified and shown.
 * {@code agentId} is set for agent outages only; {@code regionFingerprints} is filled when an evaluation made it,
 * empty when read back from the database. {@code alertOutlierRegions} are the outliers frozen when it fired,
 * so every event of one episode names the same alert. {@code proxy} is the GOPROXY the target was probed through;
 * {@code outlierSince} tells, for each current outlier, since when it has been one (how long a stale region has
 * been behind). {@code parentId} is the regional incident a target episode is grouped under (null when none);
 * {@code failures} (failure class to targets failing so) and {@code regionTargets} (targets with a fresh answer)
 * describe a regional incident and are empty/0 otherwise.
 */
public record EpisodeView(long id, EpisodeKind kind, String module, String version, String endpoint, String url,
                          String agentId, EpisodeState state, Instant openedAt, Instant firedAt, Instant convergedAt,
                          Instant resolvedAt, Instant lastDisagreementAt, int rounds, String roundMarker,
                          String majorityFingerprint, List<String> majorityRegions, List<String> outlierRegions,
                          List<String> alertOutlierRegions, Map<String, String> regionFingerprints,
                          String convergedLastRegion, Double convergenceSeconds, int reopened, int eventSequence,
                          String proxy, Map<String, Instant> outlierSince, Long parentId,
                          Map<String, Integer> failures, int regionTargets) {
  public EpisodeView {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    majorityRegions = List.copyOf(majorityRegions);
    outlierRegions = List.copyOf(outlierRegions);
    alertOutlierRegions = List.copyOf(alertOutlierRegions);
    regionFingerprints = Map.copyOf(regionFingerprints);
    proxy = proxy == null ? "" : proxy;
    outlierSince = Map.copyOf(outlierSince);
    failures = Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  /** The region of a regional incident or an agent outage; empty for target episodes. */
  public String region() {
    return kind == EpisodeKind.REGION_DEGRADED || kind == EpisodeKind.AGENT_OFFLINE
        ? (outlierRegions.isEmpty() ? "" : outlierRegions.get(0)) : "";
  }

  /** The outliers an alert names: as frozen at firing, or the current ones before it fired. */
  public List<String> alertRegions() {
    return alertOutlierRegions.isEmpty() ? outlierRegions : alertOutlierRegions;
  }
}
