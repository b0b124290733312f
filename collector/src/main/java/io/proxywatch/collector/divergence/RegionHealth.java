package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link RegionIncident} for each region failing for most of its targets, fires it once that has lasted the
 * configured time, and resolves it once the region has stayed recovered for the cool-down. Runs before the targets
 * are compared, so the status episodes a degraded region causes can be grouped under its incident in the same
 * evaluation.
 */
final class RegionHealth {
  private static final Logger logger = LoggerFactory.getLogger(RegionHealth.class);

  /** The events emitted, and the open (pending or firing) incident of every degraded region. */
  record Checked(int emitted, Map<String, Long> incidents) {}

  private final EpisodeStore store;
  private final EpisodeEvents events;
  private final DivergencePolicy policy;

  RegionHealth(EpisodeStore store, EpisodeEvents events, DivergencePolicy policy) {
    this.store = store;
    this.events = events;
    this.policy = policy;
  }

  /** {@code tallies}: every region's tally over all its fresh observations ({@link RegionTally#of}). */
  Checked check(Connection c, List<RegionTally> tallies, Instant now) throws SQLException {
    Map<String, RegionIncident> open = store.openIncidents(c);
    Map<String, Long> incidents = new TreeMap<>();
    int emitted = 0;
    Map<String, RegionTally> byRegion = new TreeMap<>();
    for (RegionTally tally : tallies) {
      byRegion.put(tally.region(), tally);
      if (!tally.degraded(policy)) continue;
      RegionIncident existing = open.remove(tally.region());
      RegionIncident incident = existing == null ? RegionIncident.open(tally, now) : existing;
      emitted += degraded(c, incident, existing == null, tally, now);
      incidents.put(tally.region(), incident.id());
    }
    for (RegionIncident recovered : open.values()) {
      recovered.recovering(byRegion.get(recovered.region()));
      emitted += recovered(c, recovered, now);
    }
    return new Checked(emitted, incidents);
  }

  private int degraded(Connection c, RegionIncident incident, boolean opened, RegionTally tally, Instant now)
      throws SQLException {
    if (opened) save(c, incident, "opened");
    if (incident.state() == EpisodeState.CONVERGED) {
      incident.reopen();
      save(c, incident, "reopened");
    }
    if (!opened) incident.observe(tally, now);
    if (incident.state() == EpisodeState.PENDING && incident.lastedLongEnough(policy, now)) {
      incident.fire(now);
      return save(c, incident, "firing");
    }
    if (!opened) incident.assignId(store.save(c, incident.view()));
    return 0;
  }

  private int recovered(Connection c, RegionIncident incident, Instant now) throws SQLException {
    switch (incident.state()) {
      case PENDING -> {
        incident.withdraw(now);
        return save(c, incident, "withdrawn");
      }
      case FIRING -> {
        incident.converge(now);
        return save(c, incident, "converged");
      }
      default -> {
        if (!incident.cooldownOver(policy, now)) return 0;
        incident.resolve(now);
        return save(c, incident, "resolved");
      }
    }
  }

  /** Saves, logs the transition, and emits it when it is one that is notified; returns the events emitted. */
  private int save(Connection c, RegionIncident incident, String transition) throws SQLException {
    incident.assignId(store.save(c, incident.view()));
    EpisodeView view = incident.view();
    logger.info("episode {} {}: region_degraded region {} failing {} of {} targets {}", view.id(), transition,
        incident.region(), view.failures().values().stream().mapToInt(Integer::intValue).sum(), view.regionTargets(),
        view.failures());
    boolean notified = transition.equals("firing") || transition.equals("resolved");
    if (notified) events.emit(c, view, transition.equals("firing") ? EpisodeEvent.FIRING : EpisodeEvent.RESOLVED);
    return notified ? 1 : 0;
  }
}
