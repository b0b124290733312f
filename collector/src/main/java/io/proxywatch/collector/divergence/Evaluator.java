package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import io.proxywatch.collector.logging.LogFields;
import io.proxywatch.common.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation: take the fresh observations from its {@link ObservationSource} (all of them, or only what changed),
 * check each region's health ({@link RegionHealth}), compare every target's fresh observations across
 * regions and move each episode through its transitions ({@link Episode}), grouping status episodes a degraded region
 * explains under its incident, then check agents' liveness ({@link AgentLiveness}), all in one transaction with the
 * events it emits. An open episode whose target did not change is judged only when one of its timers ran out
 * ({@link Episode#timerDue}) or the set of degraded regions moved: an evaluation costs what changed.
 */
final class Evaluator {
  private static final Logger logger = LoggerFactory.getLogger(Evaluator.class);
  /**
   * An evaluation's commit does not wait for its WAL to reach the disk: at fleet-scale ingest that flush queues behind
   * the writers' COPY traffic, and was the slowest part of the slowest evaluations (up to ~130 ms). What it writes is
   * derived from committed samples, so a crash that loses the last few hundred milliseconds of evaluations loses their
   * episodes and outbox rows together, and the next evaluation derives and emits them again (at least once, as
   * notifications already are). Samples and acknowledgements keep synchronous commits.
   */
  private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";

  private final EpisodeStore store = new EpisodeStore();
  private final DivergencePolicy policy;
  private final EpisodeEvents events;
  private final AgentLiveness liveness;
  private final GroundTruth truth;
  private final RegionHealth regions;
  private final Clock clock;
  private final Duration clockSkewBound;
  private final ObservationSource source;
  /** The regions with an open incident when open episodes were last judged (and committed): a change re-judges all. */
  private Set<String> judgedIncidents = Set.of();
  private Set<String> pendingIncidents = Set.of();

  Evaluator(DivergencePolicy policy, EpisodeEvents events, Clock clock) {
    this(policy, FreshnessWindows.uniform(policy.freshness()), GroundTruthPolicy.defaults(),
        Durations.parse(DivergencePolicy.DEFAULT_CLOCK_SKEW_BOUND), events, clock, null);
  }

  /**
   * windows: how old an observation of each endpoint class may be; truthPolicy: how checksum findings are judged;
   * clockSkewBound: an agent whose clock is off by more than this has an agent_clock episode open; source: where fresh
   * observations come from (null: a scan of the fresh window at every evaluation).
   */
  Evaluator(DivergencePolicy policy, Supplier<FreshnessWindows> windows, GroundTruthPolicy truthPolicy,
            Duration clockSkewBound, EpisodeEvents events, Clock clock, ObservationSource source) {
    Objects.requireNonNull(windows, "windows");
    this.clockSkewBound = Objects.requireNonNull(clockSkewBound, "clockSkewBound");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.liveness = new AgentLiveness(store, events);
    this.truth = new GroundTruth(Objects.requireNonNull(truthPolicy, "truthPolicy"), events);
    this.regions = new RegionHealth(store, events, policy);
    this.source = source == null ? new ScannedObservations(store, windows) : source;
  }

  /** Runs one evaluation in its own transaction, every rule included; returns how many events it emitted. */
  int evaluate(Connection c) throws SQLException {
    return evaluate(c, true);
  }

  /**
   * Runs one evaluation in its own transaction; returns how many events it emitted. Without {@code agentsAndTruth}
   * only targets and regions are judged: agent liveness and ground truth read their own tables, which a commit of
   * samples leaves unchanged, so the monitor judges them at its sweep cadence instead of after every commit.
   */
  int evaluate(Connection c, boolean agentsAndTruth) throws SQLException {
    c.setAutoCommit(true);
    if (agentsAndTruth) truth.prepare(c, clock.instant());
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        s.execute(ASYNC_COMMIT);
      }
      int emitted = evaluateIn(c, agentsAndTruth);
      c.commit();
      source.committed();
      judgedIncidents = pendingIncidents;
      return emitted;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private int evaluateIn(Connection c, boolean agentsAndTruth) throws SQLException {
    Instant now = clock.instant();
    Instant freshSince = now.minus(policy.freshness());
    Map<TargetKey, Episode> open = store.openEpisodes(c);
    ObservationSource.Selection selection = source.select(c, now, open.keySet());
    RegionHealth.Checked health = regions.check(c, selection.tallies(), now);
    int emitted = health.emitted();
    boolean incidentsMoved = !health.incidents().keySet().equals(judgedIncidents);
    for (Map.Entry<TargetKey, List<Observation>> target : selection.targets().entrySet()) {
      if (target.getValue().size() < 2) continue;
      Episode episode = open.remove(target.getKey());
      if (episode != null && !incidentsMoved && selection.unchanged().contains(target.getKey())
          && !episode.timerDue(policy, now)) continue;
      Comparison comparison = Comparison.of(target.getKey(), target.getValue(),
          episode == null ? null : episode.majorityFingerprint());
      emitted += comparison.diverging() ? disagree(c, episode, comparison, health.incidents(), now)
          : episode == null ? 0 : agree(c, episode, comparison, now);
    }
    pendingIncidents = Set.copyOf(health.incidents().keySet());
    if (!agentsAndTruth) return emitted;
    return emitted + liveness.check(c, EpisodeKind.AGENT_OFFLINE, store.silentAgents(c, freshSince), now)
        + liveness.check(c, EpisodeKind.AGENT_CLOCK, store.skewedAgents(c, clockSkewBound), now) + truth.evaluate(c, now);
  }

  private int disagree(Connection c, Episode existing, Comparison comparison, Map<String, Long> incidents, Instant now)
      throws SQLException {
    Episode e = existing == null ? Episode.open(comparison, now) : existing;
    if (existing != null) {
      if (e.state() == EpisodeState.CONVERGED) {
        e.reopen();
        log("reopened", e, comparison);
      }
      e.observe(comparison, now);
    }
    groupUnderIncident(e, comparison, incidents);
    boolean fire = e.state() == EpisodeState.PENDING && e.graceOver(policy, now);
    if (fire) e.fire(now);
    save(c, e, comparison);
    store.recordEvidence(c, e.id(), comparison);
    if (existing == null) log("opened", e, comparison);
    if (!fire) return 0;
    log("firing", e, comparison);
    return emit(c, e, comparison, EpisodeEvent.FIRING);
  }

  /** A status episode whose outliers are all degraded regions is caused by their incident. */
  private static void groupUnderIncident(Episode e, Comparison comparison, Map<String, Long> incidents) {
    List<String> outliers = comparison.outlierRegions();
    if (comparison.kind() != EpisodeKind.STATUS || outliers.isEmpty() || !incidents.keySet().containsAll(outliers)) return;
    e.groupUnder(incidents.get(outliers.get(0)));
  }

  private int agree(Connection c, Episode e, Comparison comparison, Instant now) throws SQLException {
    store.recordEvidence(c, e.id(), comparison);
    boolean converging = e.state() != EpisodeState.CONVERGED;
    boolean resolving = !converging && e.cooldownOver(policy, now);
    boolean notify = false;
    if (converging) e.converge(comparison.decidedAt(), store.lastToArrive(c, e.id(), comparison));
    if (resolving) notify = e.resolve(now);
    e.agreedOn(comparison);
    save(c, e, comparison);
    if (converging || resolving) log(converging ? "converged" : "resolved", e, comparison);
    return notify ? emit(c, e, comparison, EpisodeEvent.RESOLVED) : 0;
  }

  private void save(Connection c, Episode e, Comparison comparison) throws SQLException {
    e.assignId(store.save(c, e.view(comparison.displayFingerprints())));
  }

  private int emit(Connection c, Episode e, Comparison comparison, EpisodeEvent event) throws SQLException {
    events.emit(c, e.view(comparison.displayFingerprints()), event);
    return 1;
  }

  private static void log(String transition, Episode e, Comparison comparison) {
    EpisodeView v = e.view(Map.of());
    LogFields.episode(v.id()).run(() -> logger.info("episode {} {}: {} {} majority {} outliers {}{}", v.id(),
        transition, v.kind().label(), comparison.target(), v.majorityRegions(), v.outlierRegions(),
        v.parentId() == null ? "" : " (grouped under regional incident " + v.parentId() + ")"));
  }
}
