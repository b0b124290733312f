package io.proxywatch.agent.schedule;

import io.proxywatch.agent.probe.ProbeTarget;
import java.time.Duration;
import java.util.Objects;

/** A target and how often to probe it. A target whose interval changes is a new ScheduledTarget. */
public record ScheduledTarget(ProbeTarget target, Duration interval) {
  public ScheduledTarget {
    Objects.requireNonNull(target, "target");
    if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be > 0");
  }
}
