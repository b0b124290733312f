package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only snapshot of an episode (a target divergence or an agent outage) as stored, notified and shown.
 * {@code agentId} is set for agent outages only; {@code regionFingerprints} is filled when an evaluation made it,
 * empty when read back from the database. {@code alertOutlierRegions} are the outliers frozen when it fired,
 * so every event of one episode names the same alert. {@code proxy} is the GOPROXY the target was probed through;
 * {@code outlierSince} tells, for each current outlier, since when it has been one (how long a stale region has
 * been behind).
 */
public record EpisodeView(long id, EpisodeKind kind, String module, String version, String endpoint, String url,
                          String agentId, EpisodeState state, Instant openedAt, Instant firedAt, Instant convergedAt,
                          Instant resolvedAt, Instant lastDisagreementAt, int rounds, String roundMarker,
                          String majorityFingerprint, List<String> majorityRegions, List<String> outlierRegions,
                          List<String> alertOutlierRegions, Map<String, String> regionFingerprints,
                          String convergedLastRegion, Double convergenceSeconds, int reopened, int eventSequence,
                          String proxy, Map<String, Instant> outlierSince) {
  public EpisodeView {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    majorityRegions = List.copyOf(majorityRegions);
    outlierRegions = List.copyOf(outlierRegions);
    alertOutlierRegions = List.copyOf(alertOutlierRegions);
    regionFingerprints = Map.copyOf(regionFingerprints);
    proxy = proxy == null ? "" : proxy;
    outlierSince = Map.copyOf(outlierSince);
  }

  /** The outliers an alert names: as frozen at firing, or the current ones before it fired. */
  public List<String> alertRegions() {
    return alertOutlierRegions.isEmpty() ? outlierRegions : alertOutlierRegions;
  }
}
