package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One cross-region divergence of one target, with its transitions. Each transition checks the state it starts
 * from and throws on any other, so an impossible step is a bug found at once, never a wrong row:
 * <pre>
 *   pending   --fire-->     firing     (the grace is over: notified)
 *   pending   --converge--> converged  (agreeing again before the grace: the cool-down runs, nothing notified)
 *   firing    --converge--> converged  (agreeing again: the cool-down runs)
 *   converged --reopen-->   firing, or pending if it never fired (disagreeing again within the cool-down)
 *   converged --resolve-->  resolved   (the cool-down is over: notified if it had fired)
 * </pre>
 * A pending episode that flaps (golang/go#42449: an edge's @v/list alternating for a minute) therefore stays one
 * episode, and its grace counts from its first disagreement: an edge that keeps flapping longer than the grace
 * fires once.
 */
final class Episode {
  private long id;
  private EpisodeKind kind;
  private final TargetKey target;
  private final Map<String, Instant> outlierSince = new TreeMap<>();
  private final String url;
  private EpisodeState state;
  private final Instant openedAt;
  private Instant firedAt;
  private Instant convergedAt;
  private Instant resolvedAt;
  private Instant lastDisagreementAt;
  private int rounds;
  private String roundMarker;
  private String majorityFingerprint;
  private List<String> majorityRegions;
  private List<String> outlierRegions;
  private List<String> alertOutlierRegions;
  private String convergedLastRegion;
  private Double convergenceSeconds;
  private int reopened;
  private int eventSequence;
  private Long parentId;

  private Episode(EpisodeView v) {
    id = v.id();
    kind = v.kind();
    target = new TargetKey(v.proxy(), v.module(), v.version(), v.endpoint());
    outlierSince.putAll(v.outlierSince());
    url = v.url();
    state = v.state();
    openedAt = Objects.requireNonNull(v.openedAt(), "openedAt");
    firedAt = v.firedAt();
    convergedAt = v.convergedAt();
    resolvedAt = v.resolvedAt();
    lastDisagreementAt = v.lastDisagreementAt();
    rounds = v.rounds();
    roundMarker = v.roundMarker();
    majorityFingerprint = v.majorityFingerprint();
    majorityRegions = v.majorityRegions();
    outlierRegions = v.outlierRegions();
    alertOutlierRegions = v.alertOutlierRegions();
    convergedLastRegion = v.convergedLastRegion();
    convergenceSeconds = v.convergenceSeconds();
    reopened = v.reopened();
    eventSequence = v.eventSequence();
    parentId = v.parentId();
  }

  /** An episode as stored. */
  static Episode restore(EpisodeView stored) {
    return new Episode(stored);
  }

  /** A new pending episode for a disagreement first seen in this comparison. */
  static Episode open(Comparison c, Instant now) {
    Instant opened = c.decidedAt().isBefore(now) ? c.decidedAt() : now;
    Episode e = new Episode(new EpisodeView(0, c.kind(), c.target().module(), c.target().version(),
        c.target().endpoint(), c.url(), null, EpisodeState.PENDING, opened, null, null, null, now, 1, c.roundMarker(),
        "", List.of(), List.of(), List.of(), Map.of(), null, null, 0, 0, c.target().proxy(), Map.of(), null, Map.of(), 0));
    e.observe(c, now);
    return e;
  }

  /** Regions still disagree: what they disagree on now, and one more round when an outlier probed again. */
  void observe(Comparison c, Instant now) {
    require(EpisodeState.PENDING, EpisodeState.FIRING);
    kind = c.kind();
    majorityFingerprint = c.majority().display();
    majorityRegions = c.majorityRegions();
    outlierRegions = c.outlierRegions();
    outlierSince.keySet().retainAll(outlierRegions);
    outlierRegions.forEach(region -> outlierSince.putIfAbsent(region, now));
    lastDisagreementAt = now;
    if (!c.roundMarker().equals(roundMarker)) {
      rounds++;
      roundMarker = c.roundMarker();
    }
  }

  /** The grace is over: notify. The outliers are frozen for the alert's identity. */
  void fire(Instant now) {
    require(EpisodeState.PENDING);
    state = EpisodeState.FIRING;
    firedAt = now;
    alertOutlierRegions = outlierRegions;
    eventSequence++;
  }

  /** Regions agree again: the cool-down starts (nothing is notified). */
  void converge(Instant agreedAt, String lastRegion) {
    require(EpisodeState.PENDING, EpisodeState.FIRING);
    markConverged(agreedAt, lastRegion);
    state = EpisodeState.CONVERGED;
  }

  /** A disagreement within the cool-down continues this episode. */
  void reopen() {
    require(EpisodeState.CONVERGED);
    state = firedAt != null ? EpisodeState.FIRING : EpisodeState.PENDING;
    convergedAt = null;
    reopened++;
  }

  /** The cool-down is over; returns whether to notify (only an episode that fired is resolved aloud). */
  boolean resolve(Instant now) {
    require(EpisodeState.CONVERGED);
    state = EpisodeState.RESOLVED;
    resolvedAt = now;
    outlierSince.clear();
    if (firedAt == null) return false;
    eventSequence++;
    return true;
  }

  /**
   * Regions agree: remember what they agree on, so a later tie keeps the same majority. The outliers stay named (who
   * diverged), so they are not counted in the majority: majority and outliers never share a region.
   */
  void agreedOn(Comparison c) {
    majorityFingerprint = c.majority().display();
    majorityRegions = c.majorityRegions().stream().filter(r -> !outlierRegions.contains(r)).toList();
  }

  private void markConverged(Instant at, String lastRegion) {
    convergedAt = at;
    convergedLastRegion = lastRegion;
    convergenceSeconds = Duration.between(openedAt, at).toMillis() / 1000.0;
  }

  private void require(EpisodeState... allowed) {
    state.require("episode " + id + " (" + target + ")", allowed);
  }

  /** The endpoint's grace is over and, for content and status, the disagreement is corroborated. */
  boolean graceOver(DivergencePolicy policy, Instant now) {
    boolean grace = target.immutable() ? rounds >= policy.immutableRounds() : !now.isBefore(openedAt.plus(policy.mutableGrace()));
    return grace && corroborated(policy);
  }

  /** Content and status need k regions agreeing against the outliers, or the outliers persisting for n rounds. */
  boolean corroborated(DivergencePolicy policy) {
    if (kind != EpisodeKind.CONTENT && kind != EpisodeKind.STATUS) return true;
    return majorityRegions.size() >= policy.quorumRegions() || rounds >= policy.outlierRounds();
  }

  /**
   * Whether time alone moves this episode now, without a new answer from any region: a pending episode whose grace ran
   * out (for a mutable endpoint) or a converged one whose cool-down did. An episode whose target did not change is
   * judged only then; a firing one waits for its regions.
   */
  boolean timerDue(DivergencePolicy policy, Instant now) {
    return switch (state) {
      case PENDING -> graceOver(policy, now);
      case CONVERGED -> cooldownOver(policy, now);
      default -> false;
    };
  }

  boolean cooldownOver(DivergencePolicy policy, Instant now) {
    return !now.isBefore(convergedAt.plus(policy.cooldown()));
  }

  /**
   * A regional incident explains this episode: it is notified through the incident, never on its own. Once grouped an
   * episode stays grouped, so its resolution is as silent as its firing.
   */
  void groupUnder(long incidentId) {
    if (parentId == null) parentId = incidentId;
  }

  Long parentId() {
    return parentId;
  }

  List<String> outlierRegions() {
    return outlierRegions;
  }

  void assignId(long value) {
    id = value;
  }

  long id() {
    return id;
  }

  EpisodeState state() {
    return state;
  }

  String majorityFingerprint() {
    return majorityFingerprint;
  }

  /** A snapshot for storage, notifications and the API, with what each region is served now. */
  EpisodeView view(Map<String, String> regionFingerprints) {
    return new EpisodeView(id, kind, target.module(), target.version(), target.endpoint(), url, null, state, openedAt,
        firedAt, convergedAt, resolvedAt, lastDisagreementAt, rounds, roundMarker, majorityFingerprint,
        majorityRegions, outlierRegions, alertOutlierRegions, Map.copyOf(regionFingerprints), convergedLastRegion,
        convergenceSeconds, reopened, eventSequence, target.proxy(), outlierSince, parentId, Map.of(), 0);
  }
}
