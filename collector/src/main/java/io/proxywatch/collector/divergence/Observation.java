package io.proxywatch.collector.divergence;

import java.time.Instant;

/** A region's latest fresh sample of one target, reduced to what divergence compares. */
record Observation(TargetKey target, String region, String agentId, long sequence, Instant time, String url,
                   int status, String errorClass, String etag, String location, String contentSha256) {

  Fingerprint fingerprint() {
    return Fingerprint.of(this);
  }
}
