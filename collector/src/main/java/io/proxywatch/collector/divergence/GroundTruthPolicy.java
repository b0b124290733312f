package io.proxywatch.collector.divergence;

import io.proxywatch.common.Durations;
import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.sumdb.HttpSumDbSource;
import io.proxywatch.sumdb.SumDbVerifier;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the collector judges what agents verified against the checksum database.
 *
 * @param gosumdb the database whose key signs the tree heads regions report (heads it does not sign are ignored)
 * @param staleGrace how long a region's /latest may stay behind the others before a sumdb_stale episode opens
 * @param headWindow a tree head older than this is not compared (agents read /latest every 5 minutes by default)
 * @param consistency proves two heads consistent, reading tiles of the larger one from where it was read
 */
public record GroundTruthPolicy(GoSumDb gosumdb, Duration staleGrace, Duration headWindow, HeadConsistency consistency) {
  public static final Duration HEAD_WINDOW = Duration.ofMinutes(15);
  public static final String DEFAULT_STALE_GRACE = "1h";

  public GroundTruthPolicy {
    Objects.requireNonNull(gosumdb, "gosumdb");
    Objects.requireNonNull(staleGrace, "staleGrace");
    Objects.requireNonNull(headWindow, "headWindow");
    Objects.requireNonNull(consistency, "consistency");
  }

  /** Over HTTP with the JDK client, {@code timeout} per request. */
  public static GroundTruthPolicy of(GoSumDb gosumdb, Duration staleGrace, Duration timeout) {
    return new GroundTruthPolicy(gosumdb, staleGrace, HEAD_WINDOW, (a, b, source) -> new SumDbVerifier(gosumdb.key(),
        HttpSumDbSource.of(URI.create(source), timeout)).checkConsistent(a, b));
  }

  public GroundTruthPolicy withHeadWindow(Duration value) {
    return new GroundTruthPolicy(gosumdb, staleGrace, value, consistency);
  }

  public static GroundTruthPolicy defaults() {
    return of(GoSumDb.DEFAULT, Durations.parse(DEFAULT_STALE_GRACE), Duration.ofSeconds(10));
  }
}
