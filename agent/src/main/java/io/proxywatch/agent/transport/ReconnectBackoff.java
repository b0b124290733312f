package io.proxywatch.agent.transport;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff for reconnects: the n-th consecutive attempt waits a random time in
 * [d/2, d] where d = min(cap, initial * 2^n). {@link #reset()} after a healthy stream.
 */
final class ReconnectBackoff {
  static final Duration INITIAL = Duration.ofMillis(100);
  static final Duration CAP = Duration.ofSeconds(10);
  /** After UNAUTHENTICATED or PERMISSION_DENIED, which only an operator can fix. */
  static final Duration REFUSED_INITIAL = Duration.ofSeconds(5);
  static final Duration REFUSED_CAP = Duration.ofSeconds(60);

  private final RandomGenerator random;
  private final Duration initial;
  private final Duration cap;
  private int attempt;

  ReconnectBackoff(RandomGenerator random) {
    this(random, INITIAL, CAP);
  }

  ReconnectBackoff(RandomGenerator random, Duration initial, Duration cap) {
    this.random = random;
    this.initial = initial;
    this.cap = cap;
  }

  Duration next() {
    long ceiling = Math.min(cap.toNanos(), initial.toNanos() << Math.min(attempt, 20));
    attempt++;
    return Duration.ofNanos(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
  }

  void reset() {
    attempt = 0;
  }
}
