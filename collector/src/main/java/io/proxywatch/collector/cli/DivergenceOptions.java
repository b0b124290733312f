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

  DivergencePolicy policy(CommandLine cmd) {
    Duration interval = duration(cmd, "--probe-interval", probeInterval, Duration.ofSeconds(1));
    if (immutableRounds < 1 || immutableRounds > 100) {
      throw CollectorMain.badValue(cmd, "--immutable-rounds", "1-100", String.valueOf(immutableRounds));
    }
    return new DivergencePolicy(interval.multipliedBy(3), immutableRounds,
        duration(cmd, "--mutable-grace", mutableGrace, Duration.ZERO),
        duration(cmd, "--divergence-cooldown", cooldown, Duration.ZERO),
        duration(cmd, "--evaluation-interval", evaluationInterval, Duration.ofMillis(50)));
  }

  private static Duration duration(CommandLine cmd, String option, String text, Duration min) {
    return OperationsOptions.duration(cmd, option, text, min);
  }
}
