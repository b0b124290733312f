package io.proxywatch.collector;

import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.common.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How the collector behaves as a service: when a stuck loop fails {@code /healthz}, how long it stays unready
 * before its ports close, how long an agent's gRPC connection lives (so agents spread over new replicas), and how
 * far an agent's clock may be off before it is flagged. The defaults are written once, as the options write them.
 */
public record Operations(Duration stallBound, Duration drainDelay, Duration maxConnectionAge,
                         Duration maxConnectionAgeGrace, Duration clockSkewBound) {
  public static final String DEFAULT_STALL_BOUND = "2m";
  public static final String DEFAULT_DRAIN_DELAY = "5s";
  public static final String DEFAULT_MAX_CONNECTION_AGE = "30m";
  public static final String DEFAULT_MAX_CONNECTION_AGE_GRACE = "5m";
  public static final String DEFAULT_CLOCK_SKEW_BOUND = DivergencePolicy.DEFAULT_CLOCK_SKEW_BOUND;

  public Operations {
    Objects.requireNonNull(stallBound, "stallBound");
    Objects.requireNonNull(drainDelay, "drainDelay");
    Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
    Objects.requireNonNull(maxConnectionAgeGrace, "maxConnectionAgeGrace");
    Objects.requireNonNull(clockSkewBound, "clockSkewBound");
  }

  public static Operations defaults() {
    return new Operations(Durations.parse(DEFAULT_STALL_BOUND), Durations.parse(DEFAULT_DRAIN_DELAY),
        Durations.parse(DEFAULT_MAX_CONNECTION_AGE), Durations.parse(DEFAULT_MAX_CONNECTION_AGE_GRACE),
        Durations.parse(DEFAULT_CLOCK_SKEW_BOUND));
  }

  /** Defaults, except no drain delay: for tests and tools that stop at once. */
  public static Operations immediate() {
    return defaults().withDrainDelay(Duration.ZERO);
  }

  public Operations withStallBound(Duration value) {
    return new Operations(value, drainDelay, maxConnectionAge, maxConnectionAgeGrace, clockSkewBound);
  }

  public Operations withDrainDelay(Duration value) {
    return new Operations(stallBound, value, maxConnectionAge, maxConnectionAgeGrace, clockSkewBound);
  }

  public Operations withClockSkewBound(Duration value) {
    return new Operations(stallBound, drainDelay, maxConnectionAge, maxConnectionAgeGrace, value);
  }
}
