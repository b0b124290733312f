package io.proxywatch.collector.divergence;

import io.proxywatch.common.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * When a disagreement becomes an alert and when it is over.
 *
 * @param freshness        an observation older than this is unknown, never divergent (3 probe intervals)
 * @param immutableRounds  .mod/.zip fire after this many consecutive disagreeing probes of the outliers
 * @param mutableGrace     list/info/latest fire only after the proxy's own freshness promise (30 min)
 * @param cooldown         after regions agree again, how long they must keep agreeing before the episode is
 *                         resolved; a disagreement within it continues the same episode
 * @param sweep            how often the evaluator runs when no new samples wake it
 * @param quorumRegions    content and status fire only when at least this many regions agree against the outliers...
 * @param outlierRounds    ...or the outliers have disagreed for this many rounds
 * @param regionShare      a region is degraded when at least this share of its fresh targets fail (0 < share <= 1)
 * @param regionDuration   ...for this long (then its region_degraded incident fires)
 * @param regionMinTargets ...and it has at least this many targets with a fresh answer
 */
public record DivergencePolicy(Duration freshness, int immutableRounds, Duration mutableGrace, Duration cooldown,
                               Duration sweep, int quorumRegions, int outlierRounds, double regionShare,
                               Duration regionDuration, int regionMinTargets) {
  public static final String DEFAULT_QUORUM_REGIONS = "2";
  public static final String DEFAULT_OUTLIER_ROUNDS = "3";
  public static final String DEFAULT_REGION_SHARE = "0.5";
  public static final String DEFAULT_REGION_DURATION = "1m";
  public static final String DEFAULT_REGION_MIN_TARGETS = "10";
  public static final int QUORUM_REGIONS = Integer.parseInt(DEFAULT_QUORUM_REGIONS);
  public static final int OUTLIER_ROUNDS = Integer.parseInt(DEFAULT_OUTLIER_ROUNDS);
  public static final double REGION_SHARE = Double.parseDouble(DEFAULT_REGION_SHARE);
  public static final Duration REGION_DURATION = io.proxywatch.common.Durations.parse(DEFAULT_REGION_DURATION);
  public static final int REGION_MIN_TARGETS = Integer.parseInt(DEFAULT_REGION_MIN_TARGETS);
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
    Objects.requireNonNull(regionDuration, "regionDuration");
    if (immutableRounds < 1) throw new IllegalArgumentException("immutableRounds must be >= 1, got " + immutableRounds);
    if (quorumRegions < 1) throw new IllegalArgumentException("quorumRegions must be >= 1, got " + quorumRegions);
    if (outlierRounds < 1) throw new IllegalArgumentException("outlierRounds must be >= 1, got " + outlierRounds);
    if (!(regionShare > 0 && regionShare <= 1)) throw new IllegalArgumentException("regionShare must be in (0, 1], got " + regionShare);
    if (regionMinTargets < 1) throw new IllegalArgumentException("regionMinTargets must be >= 1, got " + regionMinTargets);
  }

  /** With the default rules for corroboration and regional incidents. */
  public DivergencePolicy(Duration freshness, int immutableRounds, Duration mutableGrace, Duration cooldown, Duration sweep) {
    this(freshness, immutableRounds, mutableGrace, cooldown, sweep, QUORUM_REGIONS, OUTLIER_ROUNDS, REGION_SHARE,
        REGION_DURATION, REGION_MIN_TARGETS);
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

  /** The same with other regional-incident rules. */
  public DivergencePolicy withRegionRules(double share, Duration duration, int minTargets) {
    return new DivergencePolicy(freshness, immutableRounds, mutableGrace, cooldown, sweep, quorumRegions, outlierRounds,
        share, duration, minTargets);
  }
}
