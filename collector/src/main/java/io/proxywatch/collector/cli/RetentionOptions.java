package io.proxywatch.collector.cli;

import io.proxywatch.collector.Durations;
import io.proxywatch.collector.retention.RetentionPolicy;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How long samples, rollups and resolved episodes are kept (removed hourly by the leader). */
final class RetentionOptions {
  @Option(names = "--retention", defaultValue = "${env:PROXYWATCH_RETENTION:-30d}",
      description = "Keep raw samples this long; older one-day chunks are dropped (env PROXYWATCH_RETENTION)."
          + " Default: ${DEFAULT-VALUE}")
  String samples;

  @Option(names = "--rollup-retention", defaultValue = "${env:PROXYWATCH_ROLLUP_RETENTION:-400d}",
      description = "Keep hourly stats rollups this long (env PROXYWATCH_ROLLUP_RETENTION). Default: ${DEFAULT-VALUE}")
  String rollups;

  @Option(names = "--episode-retention", defaultValue = "${env:PROXYWATCH_EPISODE_RETENTION:-90d}",
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
    Duration value = Durations.parse(text).orElseThrow(() -> CollectorMain.badValue(cmd, option, "a duration like 30d", text));
    if (value.compareTo(Duration.ofDays(1)) < 0 || value.compareTo(Duration.ofDays(36_500)) > 0) {
      throw CollectorMain.badValue(cmd, option, "a duration from 1d to 36500d", text);
    }
    return value;
  }
}
