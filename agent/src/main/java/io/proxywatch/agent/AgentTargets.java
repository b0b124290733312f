package io.proxywatch.agent;

import io.proxywatch.agent.probe.HostPin;
import io.proxywatch.agent.probe.Prober;
import io.proxywatch.agent.schedule.ProbeScheduler;
import io.proxywatch.agent.schedule.ScheduledTarget;
import io.proxywatch.agent.targets.Check;
import io.proxywatch.agent.targets.PushedTargets;
import io.proxywatch.agent.targets.TargetSetFile;
import io.proxywatch.agent.targets.TargetSets;
import io.proxywatch.agent.transport.TargetUpdates;
import java.util.ArrayList;
import io.proxywatch.agent.probe.ProbeTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent probes: its local targets (--module, --proxy, --interval) plus the set the collector
 * pushed last, with the local --connect-to pins ahead of the pushed ones. A new set applies at once, is
 * persisted, and is what the agent probes at its next start until the collector says otherwise.
 */
final class AgentTargets implements TargetUpdates {
  private static final Logger logger = LoggerFactory.getLogger(AgentTargets.class);

  private final List<ScheduledTarget> local;
  private final List<HostPin> localPins;
  private final String defaultProxy;
  private final ProbeScheduler scheduler;
  private final Prober prober;
  private final TargetSetFile file;
  private final Consumer<String> gosumdb;
  private volatile long version;

  /** gosumdb receives the GOSUMDB each applied set carries ("" when none). */
  AgentTargets(List<ScheduledTarget> local, List<HostPin> localPins, String defaultProxy, ProbeScheduler scheduler,
      Prober prober, TargetSetFile file, Consumer<String> gosumdb) {
    this.gosumdb = gosumdb;
    this.local = List.copyOf(local);
    this.defaultProxy = defaultProxy;
    this.localPins = List.copyOf(localPins);
    this.scheduler = scheduler;
    this.prober = prober;
    this.file = file;
  }

  /** Applies the persisted set (or only the local targets when there is none). */
  void start() {
    PushedTargets persisted = file.load().flatMap(TargetSets::read).orElse(PushedTargets.NONE);
    apply(persisted);
    if (persisted.version() != 0) logger.info("probing persisted target set {} until the collector answers", version);
  }

  @Override
  public void welcomed(long targetSetVersion) {
    if (targetSetVersion != 0 || version == 0) return;
    logger.info("the collector manages no targets: dropping target set {}, probing local targets only", version);
    apply(PushedTargets.NONE);
    file.delete();
  }

  @Override
  public void replace(PushedTargets targets) {
    if (targets.version() == version && version != 0) return;
    apply(targets);
    file.save(targets.source());
    logger.info("target set {} applied: {} targets, {} pins", targets.version(), targets.targets().size(),
        targets.pins().size());
  }

  @Override
  public void check(Check check) {
    logger.info("check {}: probing {} targets now", check.id(), check.targets().size());
    scheduler.check(check.id(), check.targets().stream().map(this::resolve).toList());
  }

  private void apply(PushedTargets pushed) {
    version = pushed.version();
    List<HostPin> pins = new ArrayList<>(localPins);
    pins.addAll(pushed.pins());
    prober.pins(pins);
    gosumdb.accept(pushed.source().getGosumdb());
    Map<ProbeTarget, ScheduledTarget> all = new LinkedHashMap<>();
    for (ScheduledTarget t : local) all.put(t.target(), t);
    for (ScheduledTarget t : pushed.targets()) {
      ScheduledTarget resolved = new ScheduledTarget(resolve(t.target()), t.interval());
      all.merge(resolved.target(), resolved, (a, b) -> a.interval().compareTo(b.interval()) <= 0 ? a : b);
    }
    scheduler.replace(all.values());
  }

  /** A pushed target that names no proxy goes through the agent's default one. */
  private ProbeTarget resolve(ProbeTarget target) {
    return target.proxy().isEmpty() ? target.viaDefault(defaultProxy) : target;
  }

  long version() {
    return version;
  }
}
