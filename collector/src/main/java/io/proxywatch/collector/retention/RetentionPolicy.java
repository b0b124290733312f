package io.proxywatch.collector.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * How long things are kept.
 *
 * @param samples  raw samples (whole one-day chunks are dropped once all their rows are older)
 * @param rollups  hourly stats rollups
 * @param episodes resolved episodes (with their evidence and suppressed-notification records) and delivered or
 *                 given-up notifications
 */
public record RetentionPolicy(Duration samples, Duration rollups, Duration episodes) {
  public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(400),
      Duration.ofDays(90));

  public RetentionPolicy {
    Objects.requireNonNull(samples, "samples");
    Objects.requireNonNull(rollups, "rollups");
    Objects.requireNonNull(episodes, "episodes");
  }
}
