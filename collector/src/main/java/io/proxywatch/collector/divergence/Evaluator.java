package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One evaluation: compare every target's fresh observations across regions and move episodes through
 * pending -> firing -> converged -> resolved, all in one transaction with the events it emits.
 */
final class Evaluator {
  private final EpisodeStore store = new EpisodeStore();
  private final DivergencePolicy policy;
  private final EventSink sink;
  private final Clock clock;

  Evaluator(DivergencePolicy policy, EventSink sink, Clock clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs one evaluation in its own transaction; returns how many events it emitted. */
  int evaluate(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try {
      int events = evaluateIn(c);
      c.commit();
      return events;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private int evaluateIn(Connection c) throws SQLException {
    Instant now = clock.instant();
    Map<String, Episode> open = store.open(c);
    int events = 0;
    for (Map.Entry<TargetKey, List<Observation>> target : byTarget(store.fresh(c, now.minus(policy.freshness()))).entrySet()) {
      if (target.getValue().size() < 2) continue;
      Episode episode = open.remove(target.getKey().toString());
      Comparison comparison = Comparison.of(target.getKey(), target.getValue(),
          episode == null ? null : episode.majorityFingerprint);
      events += step(c, episode, comparison, now);
    }
    events += agents(c, open, now);
    return events;
  }

  private static Map<TargetKey, List<Observation>> byTarget(List<Observation> observations) {
    Map<TargetKey, List<Observation>> byTarget = new TreeMap<>();
    for (Observation o : observations) byTarget.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
    return byTarget;
  }

  private int step(Connection c, Episode e, Comparison comparison, Instant now) throws SQLException {
    if (comparison.diverging()) return disagree(c, e, comparison, now);
    return e == null ? 0 : agree(c, e, comparison, now);
  }

  private int disagree(Connection c, Episode existing, Comparison comparison, Instant now) throws SQLException {
    Episode e = existing == null ? Episode.opened(comparison, now) : existing;
    if (existing != null) e.disagree(comparison, now);
    if (e.state.equals("converged")) {
      e.state = e.firedAt != null ? "firing" : "pending";
      e.convergedAt = null;
      e.reopened++;
    }
    boolean fire = e.state.equals("pending") && graceOver(e, comparison, now);
    if (fire) {
      e.state = "firing";
      e.firedAt = now;
      e.alertOutlierRegions = e.outlierRegions;
      e.eventSequence++;
    }
    store.save(c, e);
    store.recordEvidence(c, e.id, comparison);
    return fire ? emit(c, e, comparison, "firing") : 0;
  }

  private boolean graceOver(Episode e, Comparison comparison, Instant now) {
    return comparison.target().immutable()
        ? e.rounds >= policy.immutableRounds()
        : !now.isBefore(e.openedAt.plus(policy.mutableGrace()));
  }

  private int agree(Connection c, Episode e, Comparison comparison, Instant now) throws SQLException {
    String lastRegion = store.recordEvidence(c, e.id, comparison);
    int events = 0;
    switch (e.state) {
      case "pending" -> {
        e.converge(comparison.decidedAt(), lastRegion);
        e.state = "resolved";
        e.resolvedAt = now;
      }
      case "firing" -> {
        e.converge(comparison.decidedAt(), lastRegion);
        e.state = "converged";
      }
      default -> {
        if (!now.isBefore(e.convergedAt.plus(policy.cooldown()))) {
          e.state = "resolved";
          e.resolvedAt = now;
          e.eventSequence++;
          events = emit(c, e, comparison, "resolved");
        }
      }
    }
    e.majorityFingerprint = comparison.majority().display();
    e.majorityRegions = comparison.majorityRegions();
    store.save(c, e);
    return events;
  }

  /** Silent agents get their own episode: firing at once (freshness already waited three intervals). */
  private int agents(Connection c, Map<String, Episode> open, Instant now) throws SQLException {
    Map<String, String> silent = store.silentAgents(c, now.minus(policy.freshness()));
    int events = 0;
    for (Map.Entry<String, String> agent : silent.entrySet()) {
      if (open.remove("agent:" + agent.getKey()) != null) continue;
      Episode e = agentOffline(agent.getKey(), agent.getValue(), now);
      store.save(c, e);
      events += emit(c, e, null, "firing");
    }
    for (Episode e : open.values()) {
      if (e.agentId == null || silent.containsKey(e.agentId)) continue;
      e.state = "resolved";
      e.resolvedAt = now;
      e.converge(now, e.outlierRegions.isEmpty() ? null : e.outlierRegions.get(0));
      e.eventSequence++;
      store.save(c, e);
      events += emit(c, e, null, "resolved");
    }
    return events;
  }

  private static Episode agentOffline(String agentId, String region, Instant now) {
    Episode e = new Episode();
    e.kind = "agent_offline";
    e.agentId = agentId;
    e.url = "";
    e.state = "firing";
    e.openedAt = now;
    e.firedAt = now;
    e.lastDisagreementAt = now;
    e.outlierRegions = List.of(region);
    e.alertOutlierRegions = e.outlierRegions;
    e.eventSequence = 1;
    return e;
  }

  private int emit(Connection c, Episode e, Comparison comparison, String event) throws SQLException {
    Map<String, String> fingerprints = new TreeMap<>();
    if (comparison != null) comparison.fingerprints().forEach((region, f) -> fingerprints.put(region, f.display()));
    sink.emit(c, EpisodeView.of(e, fingerprints), event);
    return 1;
  }

}
