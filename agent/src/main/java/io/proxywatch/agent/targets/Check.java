package io.proxywatch.agent.targets;

import io.proxywatch.agent.probe.ProbeTarget;
import java.util.List;

/** A validated CheckRequest: probe these targets once, now, and tag the samples with the id. */
public record Check(String id, List<ProbeTarget> targets) {
  public Check {
    targets = List.copyOf(targets);
  }
}
