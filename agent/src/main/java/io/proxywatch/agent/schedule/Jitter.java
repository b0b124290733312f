package io.proxywatch.agent.schedule;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Spreads the start of each probe uniformly over the first {@link #SPREAD} of the interval, so agents
 * (and targets within one agent) do not hit the proxy in lockstep, while leaving most of the interval for
 * the probes to finish before the next round.
 */
final class Jitter {
  static final double SPREAD = 0.2;

  private final long maxOffsetNanos;
  private final RandomGenerator random;

  Jitter(Duration interval, RandomGenerator random) {
    this.maxOffsetNanos = (long) (interval.toNanos() * SPREAD);
    this.random = random;
  }

  /** A random offset in [0, interval * SPREAD]. */
  long nextOffsetNanos() {
    return maxOffsetNanos == 0 ? 0 : random.nextLong(maxOffsetNanos + 1);
  }
}
