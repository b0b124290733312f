package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What every region is served now for each target, and who disagrees: the answer to "are we consistent?". */
public record ConsistencyReport(Duration freshWindow, List<Target> targets) {
  public ConsistencyReport {
    targets = List.copyOf(targets);
  }

  /** One target compared across regions; {@code kind} is null when they agree. */
  public record Target(String proxy, String module, String version, String endpoint, boolean diverging, EpisodeKind kind,
                       String majorityFingerprint, List<String> outlierRegions, Map<String, RegionAnswer> regions) {
    public Target {
      outlierRegions = List.copyOf(outlierRegions);
      regions = Map.copyOf(regions);
    }
  }

  /** A region's latest fresh answer; {@code error} and the header fields are null where absent. */
  public record RegionAnswer(String fingerprint, boolean diverges, int status, String error, String etag,
                             String contentSha256, String location, Instant sampleTime, String agentId, String url) {}
}
