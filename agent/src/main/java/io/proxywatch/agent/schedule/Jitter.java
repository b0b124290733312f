package io.proxywatch.agent.schedule;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a target's first probe starts: at a uniform random offset into the first {@link #SPREAD} of its
 * interval, so agents (and targets within one agent) do not hit the proxy in lockstep, but never later than
 * {@link #FIRST_PROBE_BOUND}, so a target that appears (a new release pushed by the collector) is seen soon
 * even when its interval is an hour. Later probes keep the rhythm the first one set.
 */
final class Jitter {
  static final double SPREAD = 0.2;
  static final Duration FIRST_PROBE_BOUND = Duration.ofSeconds(5);

  private final RandomGenerator random;

  Jitter(RandomGenerator random) {
    this.random = random;
  }

  /** A random offset in [0, min(interval * SPREAD, FIRST_PROBE_BOUND)]. */
  long firstOffsetNanos(Duration interval) {
    long max = Math.min((long) (interval.toNanos() * SPREAD), FIRST_PROBE_BOUND.toNanos());
    return max <= 0 ? 0 : random.nextLong(max + 1);
  }
}
