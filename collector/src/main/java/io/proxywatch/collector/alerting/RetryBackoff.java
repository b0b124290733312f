package io.proxywatch.collector.alerting;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with ±20% jitter: initial, 2x, 4x, ... capped, so retries from many rows spread out. */
record RetryBackoff(Duration initial, Duration max) {
  /** The wait after the {@code failures}-th failed attempt (1 for the first). */
  Duration delay(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    double millis = Math.min(initial.toMillis() * Math.pow(2, doublings), max.toMillis());
    double jittered = millis * ThreadLocalRandom.current().nextDouble(0.8, 1.2);
    return Duration.ofMillis(Math.round(Math.min(jittered, max.toMillis())));
  }
}
