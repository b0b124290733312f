package io.proxywatch.agent.transport;

import io.proxywatch.agent.targets.Check;
import io.proxywatch.agent.targets.PushedTargets;

/**
 * Where the transport hands what the collector pushes, already validated ({@code TargetSets}); called on
 * the transport thread, so implementations hand slow work elsewhere. A message over a limit never gets here,
 * and never ends the stream.
 */
public interface TargetUpdates {
  TargetUpdates NONE = new TargetUpdates() {
    @Override
    public void welcomed(long targetSetVersion) {}

    @Override
    public void replace(PushedTargets targets) {}

    @Override
    public void check(Check check) {}
  };

  /** The Welcome's target-set version: 0 when the collector manages no targets; a TargetSet follows otherwise. */
  void welcomed(long targetSetVersion);

  void replace(PushedTargets targets);

  void check(Check check);
}
