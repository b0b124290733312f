package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.List;

/**
 * One episode with what each region was served during it, in the order it was first seen, and the notifications of it
 * that were not sent (silenced, or grouped under a regional incident).
 */
public record EpisodeDetail(EpisodeView episode, List<Evidence> timeline, List<Suppressed> suppressed) {
  public EpisodeDetail {
    timeline = List.copyOf(timeline);
    suppressed = List.copyOf(suppressed);
  }

  /** A notification not sent: the event, why ({@code silenced} by silence {@code silenceId}, or {@code grouped}), when. */
  public record Suppressed(String event, String reason, Long silenceId, Instant at) {}

  /** A fingerprint a region was served, when it was first and last seen, and the sample that showed it first. */
  public record Evidence(String region, String fingerprint, Instant firstSeen, Instant lastSeen, String agentId,
                         long sequence, String url) {}
}
