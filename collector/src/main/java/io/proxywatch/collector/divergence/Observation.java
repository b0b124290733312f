package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.List;

/**
 * A region's latest fresh sample of one target, reduced to what divergence compares. {@code listedVersions} is
 * null unless a list answered 200; {@code reportedVersion} is empty unless .info or @latest said one. {@code time} is
 * on a clock the collector trusts ({@link EpisodeStore#SEEN_AT}), not the agent's own.
 */
record Observation(TargetKey target, String region, String agentId, long sequence, Instant time, String url,
                   int status, String errorClass, String etag, String location, String contentSha256,
                   List<String> listedVersions, String reportedVersion) {

  Observation withoutBodyHash() {
    return new Observation(target, region, agentId, sequence, time, url, status, errorClass, etag, location, null,
        listedVersions, reportedVersion);
  }

  Fingerprint fingerprint() {
    return Fingerprint.of(this);
  }
}
