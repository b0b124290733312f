package io.proxywatch.agent.transport;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff for reconnects: the n-th consecutive attempt waits a random time in
 * [d/2, d] where d = min(cap, initial * 2^n). {@link #reset()} after a healthy stream.
 */
final class Backoff {
  static final Duration INITIAL = Duration.ofMillis(100);
  static final Duration CAP = Duration.ofSeconds(10);

  private final RandomGenerator random;
  private int attempt;

  Backoff(RandomGenerator random) {
    this.random = random;
  }

  Duration next() {
    long ceiling = Math.min(CAP.toNanos(), INITIAL.toNanos() << Math.min(attempt, 20));
    attempt++;
    return Duration.ofNanos(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
  }

  void reset() {
    attempt = 0;
  }
}
