package io.proxywatch.collector.storage;

import io.proxywatch.proto.v1.Sample;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One batch from one agent's stream: the samples that passed validation, plus the highest sequence the
 * batch named at all (rejected samples included), so that a rejected sample is acknowledged and released
 * by the agent instead of being resent forever. Completes with the agent's highest committed sequence.
 */
public record WriteRequest(String agentId, String region, List<Sample> samples, long highestSeen,
                           int rejected, CompletableFuture<Long> done) {
  public WriteRequest {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(region, "region");
    samples = List.copyOf(samples);
    Objects.requireNonNull(done, "done");
  }

  public static WriteRequest of(String agentId, String region, List<Sample> samples, long highestSeen, int rejected) {
    return new WriteRequest(agentId, region, samples, highestSeen, rejected, new CompletableFuture<>());
  }
}
