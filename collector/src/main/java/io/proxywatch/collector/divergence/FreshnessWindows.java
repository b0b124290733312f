package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How old an observation may be and still count, per endpoint class: three probe intervals of that class. Watches
 * probe @v/list and @latest, .info, and .mod/.zip at different cadences (30 s, 5 min, 1 h by default), so one window
 * for all would make the slower classes unknown most of the time. An older observation is unknown, never divergent.
 */
public record FreshnessWindows(Duration mutable, Duration info, Duration immutable) {
  public FreshnessWindows {
    Objects.requireNonNull(mutable, "mutable");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(immutable, "immutable");
  }

  /** One window for every class (agents probing everything at one interval). */
  public static Supplier<FreshnessWindows> uniform(Duration window) {
    FreshnessWindows w = new FreshnessWindows(window, window, window);
    return () -> w;
  }

  /** Three of each class's probe intervals, and never less than {@code base}. */
  public static FreshnessWindows ofCadences(Duration base, Duration mutable, Duration info, Duration immutable) {
    return new FreshnessWindows(max(base, mutable.multipliedBy(3)), max(base, info.multipliedBy(3)),
        max(base, immutable.multipliedBy(3)));
  }

  Duration longest() {
    return max(mutable, max(info, immutable));
  }

  Instant since(Instant now, String endpoint) {
    return now.minus(of(endpoint));
  }

  /** The window of an endpoint's class. */
  Duration of(String endpoint) {
    return switch (endpoint) {
      case "info" -> info;
      case "mod", "zip" -> immutable;
      default -> mutable;
    };
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
