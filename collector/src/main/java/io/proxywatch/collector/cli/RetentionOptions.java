package io.proxywatch.collector.cli;

import io.proxywatch.common.Durations;
import io.proxywatch.collector.retention.RetentionPolicy;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How long samples, rollups and resolved episodes are kept (removed hourly by the leader). */
final class RetentionOptions {
  @Option(names = "--retention", defaultValue = "30d",
      description = "Keep raw samples this long; older one-day chunks are dropped (env PROXYWATCH_RETENTION)."
          + " Default: ${DEFAULT-VALUE}")
  String samples;

  @Option(names = "--rollup-retention", defaultValue = "400d",
      description = "Keep hourly stats rollups this long (env PROXYWATCH_ROLLUP_RETENTION). Default: ${DEFAULT-VALUE}")
  String rollups;

  @Option(names = "--episode-retention", defaultValue = "90d",
      description = "Keep resolved episodes, their evidence and settled notifications this long"
          + " (env PROXYWATCH_EPISODE_RETENTION). Default: ${DEFAULT-VALUE}")
  String episodes;

  RetentionPolicy policy(CommandLine cmd) {
    Duration samples = days(cmd, "--retention", this.samples);
    Duration rollups = days(cmd, "--rollup-retention", this.rollups);
    if (rollups.compareTo(samples) < 0) {
      throw CollectorMain.badValue(cmd, "--rollup-retention", "at least --retention (" + this.samples + ")", this.rollups);
    }
    return new RetentionPolicy(samples, rollups, days(cmd, "--episode-retention", episodes));
  }

  private static Duration days(CommandLine cmd, String option, String text) {
    try {
      return Durations.parseBetween(text, Duration.ofDays(1), Duration.ofDays(36_500));
    } catch (IllegalArgumentException e) {
      throw CollectorMain.badValue(cmd, option, "a duration from 1d to 36500d", text);
    }
  }
}
