package io.proxywatch.collector.cli;

import io.proxywatch.collector.divergence.DivergencePolicy;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** When disagreement between regions becomes an alert, and when it is over. */
final class DivergenceOptions {
  @Option(names = "--probe-interval", defaultValue = DivergencePolicy.DEFAULT_PROBE_INTERVAL,
      description = "The agents' probe interval; an observation older than 3 intervals is unknown, never divergent,"
          + " and an agent silent that long is offline (env PROXYWATCH_PROBE_INTERVAL). Default: ${DEFAULT-VALUE}")
  String probeInterval;

  @Option(names = "--immutable-rounds", defaultValue = DivergencePolicy.DEFAULT_IMMUTABLE_ROUNDS,
      description = ".mod/.zip divergence fires after this many consecutive disagreeing probes"
          + " (env PROXYWATCH_IMMUTABLE_ROUNDS). Default: ${DEFAULT-VALUE}")
  int immutableRounds;

  @Option(names = "--mutable-grace", defaultValue = DivergencePolicy.DEFAULT_MUTABLE_GRACE,
      description = "@v/list, .info and @latest divergence fires only after this long, the proxy's own freshness"
          + " promise (env PROXYWATCH_MUTABLE_GRACE). Default: ${DEFAULT-VALUE}")
  String mutableGrace;

  @Option(names = "--divergence-cooldown", defaultValue = DivergencePolicy.DEFAULT_COOLDOWN,
      description = "Regions must agree this long before an episode is resolved; disagreement within it continues"
          + " the same episode (env PROXYWATCH_DIVERGENCE_COOLDOWN). Default: ${DEFAULT-VALUE}")
  String cooldown;

  @Option(names = "--evaluation-interval", defaultValue = DivergencePolicy.DEFAULT_SWEEP,
      description = "How often divergence is evaluated when no new samples arrive"
          + " (env PROXYWATCH_EVALUATION_INTERVAL). Default: ${DEFAULT-VALUE}")
  String evaluationInterval;

  @Option(names = "--quorum-regions", defaultValue = DivergencePolicy.DEFAULT_QUORUM_REGIONS,
      description = "Content and status divergence fires only when at least this many regions agree against the outliers"
          + " (or see --outlier-rounds) (env PROXYWATCH_QUORUM_REGIONS). Default: ${DEFAULT-VALUE}")
  int quorumRegions;

  @Option(names = "--outlier-rounds", defaultValue = DivergencePolicy.DEFAULT_OUTLIER_ROUNDS,
      description = "...or when the outliers have disagreed for this many rounds (env PROXYWATCH_OUTLIER_ROUNDS)."
          + " Default: ${DEFAULT-VALUE}")
  int outlierRounds;

  @Option(names = "--region-failure-share", defaultValue = DivergencePolicy.DEFAULT_REGION_SHARE,
      description = "A region is degraded when at least this share of its targets fail (errors, timeouts, 5xx)"
          + " (env PROXYWATCH_REGION_FAILURE_SHARE). Default: ${DEFAULT-VALUE}")
  String regionShare;

  @Option(names = "--region-failure-duration", defaultValue = DivergencePolicy.DEFAULT_REGION_DURATION,
      description = "...for this long before its region_degraded incident fires"
          + " (env PROXYWATCH_REGION_FAILURE_DURATION). Default: ${DEFAULT-VALUE}")
  String regionDuration;

  @Option(names = "--region-min-targets", defaultValue = DivergencePolicy.DEFAULT_REGION_MIN_TARGETS,
      description = "...and it has a fresh answer for at least this many targets (env PROXYWATCH_REGION_MIN_TARGETS)."
          + " Default: ${DEFAULT-VALUE}")
  int regionMinTargets;

  DivergencePolicy policy(CommandLine cmd) {
    Duration interval = duration(cmd, "--probe-interval", probeInterval, Duration.ofSeconds(1));
    if (immutableRounds < 1 || immutableRounds > 100) {
      throw CollectorMain.badValue(cmd, "--immutable-rounds", "1-100", String.valueOf(immutableRounds));
    }
    range(cmd, "--quorum-regions", quorumRegions, 1, 100);
    range(cmd, "--outlier-rounds", outlierRounds, 1, 100);
    range(cmd, "--region-min-targets", regionMinTargets, 1, 1_000_000);
    return new DivergencePolicy(interval.multipliedBy(3), immutableRounds,
        duration(cmd, "--mutable-grace", mutableGrace, Duration.ZERO),
        duration(cmd, "--divergence-cooldown", cooldown, Duration.ZERO),
        duration(cmd, "--evaluation-interval", evaluationInterval, Duration.ofMillis(50)), quorumRegions, outlierRounds,
        share(cmd), duration(cmd, "--region-failure-duration", regionDuration, Duration.ZERO), regionMinTargets);
  }

  private static void range(CommandLine cmd, String option, int value, int min, int max) {
    if (value < min || value > max) throw CollectorMain.badValue(cmd, option, min + "-" + max, String.valueOf(value));
  }

  private double share(CommandLine cmd) {
    try {
      double share = Double.parseDouble(regionShare);
      if (share > 0 && share <= 1) return share;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CollectorMain.badValue(cmd, "--region-failure-share", "a share above 0 and at most 1, like 0.5", regionShare);
  }

  private static Duration duration(CommandLine cmd, String option, String text, Duration min) {
    return OperationsOptions.duration(cmd, option, text, min);
  }
}
