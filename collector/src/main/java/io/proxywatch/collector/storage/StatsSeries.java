package io.proxywatch.collector.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Counts, errors and time-to-first-byte percentiles per region per bucket over a window. */
public record StatsSeries(Instant from, Instant to, Duration bucket, List<Point> points) {
  public StatsSeries {
    points = List.copyOf(points);
  }

  /** One region's bucket; percentiles in milliseconds, null when the bucket had no timing. */
  public record Point(String region, Instant bucketStart, long count, long errors, Double p50Ms, Double p95Ms,
                      Double p99Ms) {}
}
