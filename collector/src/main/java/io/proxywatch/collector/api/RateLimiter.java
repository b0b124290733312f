package io.proxywatch.collector.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per key: {@code rate} requests per second on average, bursts up to twice that. */
final class RateLimiter {
  private static final int MAX_KEYS = 100_000;

  private final double rate;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  RateLimiter(double rate, LongSupplier nanoTime) {
    this.rate = rate;
    this.burst = Math.max(1, rate * 2);
    this.nanoTime = nanoTime;
  }

  /** Takes one request's worth; false when the key has used up its budget. */
  boolean tryAcquire(String key) {
    if (buckets.size() > MAX_KEYS) buckets.clear();
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) / 1e9 * rate);
      bucket.updated = now;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    }
  }

  /** Seconds until the next request would be allowed, for Retry-After. */
  long retryAfterSeconds() {
    return Math.max(1, (long) Math.ceil(1 / rate));
  }
}
