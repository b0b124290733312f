package io.proxywatch.collector.storage;

import java.time.Instant;
import java.util.List;

/**
 * What the collector knows of one agent: when it was seen, what it stored, and the sequences it lost.
 * {@code clockSkewMs} (collector minus agent clock) is null until measured, {@code clockRttMs} until measured over a
 * round trip; {@code recentGaps} are the latest 20, newest first.
 */
public record AgentStatus(String agentId, String region, String softwareVersion, Instant firstSeen, Instant lastSeen,
                          long highestSequence, long samplesStored, long samplesRejected, long samplesMissing,
                          long highestContiguousSequence, List<Gap> recentGaps, Double clockSkewMs,
                          Double clockRttMs) {
  public AgentStatus {
    recentGaps = List.copyOf(recentGaps);
  }

  /** Sequences first..last (inclusive) that never arrived. */
  public record Gap(long first, long last) {}
}
