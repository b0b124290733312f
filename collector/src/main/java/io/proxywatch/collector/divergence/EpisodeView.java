package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A read-only snapshot of an episode for notifications and the API. */
public record EpisodeView(long id, String kind, String module, String version, String endpoint, String url,
                          String agentId, String state, Instant openedAt, Instant firedAt, Instant convergedAt,
                          Instant resolvedAt, String majorityFingerprint, List<String> majorityRegions,
                          List<String> outlierRegions, Map<String, String> regionFingerprints,
                          String convergedLastRegion, Double convergenceSeconds, int eventSequence,
                          List<String> alertOutlierRegions) {

  static EpisodeView of(Episode e, Map<String, String> regionFingerprints) {
    return new EpisodeView(e.id, e.kind, e.module, e.version, e.endpoint, e.url, e.agentId, e.state, e.openedAt,
        e.firedAt, e.convergedAt, e.resolvedAt, e.majorityFingerprint, e.majorityRegions, e.outlierRegions,
        Map.copyOf(regionFingerprints), e.convergedLastRegion, e.convergenceSeconds, e.eventSequence,
        e.alertOutlierRegions);
  }
}
