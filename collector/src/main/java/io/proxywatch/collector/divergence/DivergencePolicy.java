package io.proxywatch.collector.divergence;

import io.proxywatch.common.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * When a disagreement becomes an alert and when it is over.
 *
 * @param freshness      an observation older than this is unknown, never divergent (3 probe intervals)
 * @param immutableRounds .mod/.zip fire after this many consecutive disagreeing probes of the outliers
 * @param mutableGrace   list/info/latest fire only after the proxy's own freshness promise (30 min)
 * @param cooldown       after regions agree again, how long they must keep agreeing before the episode is
 *                       resolved; a disagreement within it continues the same episode
 * @param sweep          how often the evaluator runs when no new samples wake it
 */
public record DivergencePolicy(Duration freshness, int immutableRounds, Duration mutableGrace, Duration cooldown,
                               Duration sweep) {
  /** The defaults, written once as the options write them. */
  public static final String DEFAULT_PROBE_INTERVAL = "30s";
  public static final String DEFAULT_IMMUTABLE_ROUNDS = "2";
  public static final String DEFAULT_MUTABLE_GRACE = "30m";
  public static final String DEFAULT_COOLDOWN = "5m";
  public static final String DEFAULT_SWEEP = "1s";
  /** An agent clock off by more than this opens an agent_clock episode (judged beside the policy, not part of it). */
  public static final String DEFAULT_CLOCK_SKEW_BOUND = "2s";

  public DivergencePolicy {
    Objects.requireNonNull(freshness, "freshness");
    Objects.requireNonNull(mutableGrace, "mutableGrace");
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(sweep, "sweep");
    if (immutableRounds < 1) throw new IllegalArgumentException("immutableRounds must be >= 1, got " + immutableRounds);
  }

  /** The defaults for agents probing every {@code probeInterval}. */
  public static DivergencePolicy forProbeInterval(Duration probeInterval) {
    return new DivergencePolicy(probeInterval.multipliedBy(3), Integer.parseInt(DEFAULT_IMMUTABLE_ROUNDS),
        Durations.parse(DEFAULT_MUTABLE_GRACE), Durations.parse(DEFAULT_COOLDOWN), Durations.parse(DEFAULT_SWEEP));
  }

  /** The defaults for agents probing at their default interval. */
  public static DivergencePolicy defaults() {
    return forProbeInterval(Durations.parse(DEFAULT_PROBE_INTERVAL));
  }
}
