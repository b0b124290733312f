package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every region is served now for each target, and who disagrees: the answer to "are we consistent?". One page
 * of targets in {@link Position} order; {@code next} is where the next page starts after (empty on the last page).
 */
public record ConsistencyReport(Duration freshWindow, List<Target> targets, Optional<Position> next) {
  public ConsistencyReport {
    targets = List.copyOf(targets);
    Objects.requireNonNull(next, "next");
  }

  /** One target compared across regions; {@code kind} is null when they agree. */
  public record Target(String proxy, String module, String version, String endpoint, boolean diverging, EpisodeKind kind,
                       String majorityFingerprint, List<String> outlierRegions, Map<String, RegionAnswer> regions) {
    public Target {
      outlierRegions = List.copyOf(outlierRegions);
      regions = Map.copyOf(regions);
    }

    public Position position() {
      return new Position(module, version, endpoint, proxy);
    }
  }

  /** A region's latest fresh answer; {@code error} and the header fields are null where absent. */
  public record RegionAnswer(String fingerprint, boolean diverges, int status, String error, String etag,
                             String contentSha256, String location, Instant sampleTime, String agentId, String url) {}

  /** A target's place in the listing: by module, then version, endpoint and proxy (so a module's targets stay together). */
  public record Position(String module, String version, String endpoint, String proxy) implements Comparable<Position> {
    private static final Comparator<Position> ORDER = Comparator.comparing(Position::module)
        .thenComparing(Position::version).thenComparing(Position::endpoint).thenComparing(Position::proxy);

    public Position {
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(proxy, "proxy");
    }

    static Position of(TargetKey key) {
      return new Position(key.module(), key.version(), key.endpoint(), key.proxy());
    }

    @Override
    public int compareTo(Position o) {
      return ORDER.compare(this, o);
    }
  }

  /**
   * Which targets: an exact module and endpoint when given, only the diverging ones when asked, at most {@code limit}
   * of them after {@code after}.
   */
  public record Query(Optional<String> module, Optional<String> endpoint, boolean divergingOnly, int limit,
                      Optional<Position> after) {
    public Query {
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(after, "after");
      if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }
}
