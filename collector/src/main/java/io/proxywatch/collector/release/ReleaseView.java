package io.proxywatch.collector.release;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A release with the first sighting of each signal per proxy and region, and whether it has fully propagated. */
public record ReleaseView(String module, String version, Instant indexTime, Optional<Instant> propagatedAt,
                          List<Sighting> sightings) {
  public ReleaseView {
    sightings = List.copyOf(sightings);
  }

  /** {@code lagSeconds} from the index timestamp; {@code fromFirstSeconds} from the first region on that signal and proxy. */
  public record Sighting(String proxy, String region, String signal, Instant firstSeen, double lagSeconds,
                         double fromFirstSeconds) {}

  /** Lag statistics of one region on one signal. */
  public record RegionLag(String region, int releases, double p50Seconds, double p95Seconds, double maxSeconds) {}
}
