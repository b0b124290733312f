package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.List;

/** One episode with what each region was served during it, in the order it was first seen. */
public record EpisodeDetail(EpisodeView episode, List<Evidence> timeline) {
  public EpisodeDetail {
    timeline = List.copyOf(timeline);
  }

  /** A fingerprint a region was served, when it was first and last seen, and the sample that showed it first. */
  public record Evidence(String region, String fingerprint, Instant firstSeen, Instant lastSeen, String agentId,
                         long sequence, String url) {}
}
