package io.proxywatch.collector.alerting;

import java.time.Duration;

/** What one delivery attempt came to. {@code retryAfter} is the receiver's Retry-After, or zero. */
record Outcome(Kind kind, String detail, Duration retryAfter) {
  enum Kind { DELIVERED, RETRY, PERMANENT }

  static Outcome delivered(int status) {
    return new Outcome(Kind.DELIVERED, "HTTP " + status, Duration.ZERO);
  }

  static Outcome retry(String detail, Duration retryAfter) {
    return new Outcome(Kind.RETRY, detail, retryAfter);
  }

  static Outcome permanent(String detail) {
    return new Outcome(Kind.PERMANENT, detail, Duration.ZERO);
  }
}
