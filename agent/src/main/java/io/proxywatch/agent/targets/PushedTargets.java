package io.proxywatch.agent.targets;

import io.proxywatch.agent.probe.HostPin;
import io.proxywatch.agent.schedule.ScheduledTarget;
import io.proxywatch.proto.v1.TargetSet;
import java.util.List;

/**
 * A validated target set from the collector: what to probe and the pins to use, with the message it came
 * from (what is persisted). Version 0 is the empty set of a collector that manages no targets.
 */
public record PushedTargets(long version, List<ScheduledTarget> targets, List<HostPin> pins, TargetSet source) {
  public static final PushedTargets NONE = new PushedTargets(0, List.of(), List.of(), TargetSet.getDefaultInstance());

  public PushedTargets {
    targets = List.copyOf(targets);
    pins = List.copyOf(pins);
  }
}
