package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A region failing for most of its targets: one incident instead of one status episode per target. It waits the
 * configured time before it fires, so a blip is never notified, and it must stay recovered for the divergence
 * cool-down before it is resolved, so a region flapping at the threshold is one incident, not a storm. Each
 * transition checks the state it starts from:
 * <pre>
 *   pending   --fire-->     firing     (degraded for the whole duration: notified)
 *   pending   --withdraw--> resolved   (recovered before that: never notified)
 *   firing    --converge--> converged  (recovered: the cool-down runs)
 *   converged --reopen-->   firing     (degraded again within the cool-down: the same incident)
 *   converged --resolve-->  resolved   (the cool-down is over: notified)
 * </pre>
 */
final class RegionIncident {
  private long id;
  private final String region;
  private final Instant openedAt;
  private EpisodeState state;
  private Instant firedAt;
  private Instant convergedAt;
  private Instant resolvedAt;
  private Instant lastFailingAt;
  private RegionTally tally;
  private int eventSequence;

  private RegionIncident(long id, String region, Instant openedAt, EpisodeState state, Instant firedAt,
                         Instant convergedAt, Instant lastFailingAt, RegionTally tally, int eventSequence) {
    this.id = id;
    this.region = Objects.requireNonNull(region, "region");
    this.openedAt = Objects.requireNonNull(openedAt, "openedAt");
    this.state = state;
    this.firedAt = firedAt;
    this.convergedAt = convergedAt;
    this.lastFailingAt = lastFailingAt;
    this.tally = tally;
    this.eventSequence = eventSequence;
  }

  static RegionIncident open(RegionTally tally, Instant now) {
    return new RegionIncident(0, tally.region(), now, EpisodeState.PENDING, null, null, now, tally, 0);
  }

  static RegionIncident restore(EpisodeView v) {
    if (v.kind() != EpisodeKind.REGION_DEGRADED) throw new IllegalArgumentException("episode " + v.id() + " is not a regional incident");
    return new RegionIncident(v.id(), v.region(), v.openedAt(), v.state(), v.firedAt(), v.convergedAt(), v.lastDisagreementAt(),
        new RegionTally(v.region(), v.regionTargets(), v.failures()), v.eventSequence());
  }

  /** Still degraded: what fails now. */
  void observe(RegionTally now, Instant at) {
    require(EpisodeState.PENDING, EpisodeState.FIRING);
    tally = now;
    lastFailingAt = at;
  }

  /** What the region looks like as it recovers (null when it has no fresh answer at all): shown with the resolution. */
  void recovering(RegionTally now) {
    if (now != null) tally = now;
  }

  boolean lastedLongEnough(DivergencePolicy policy, Instant now) {
    return !now.isBefore(openedAt.plus(policy.regionDuration()));
  }

  void fire(Instant now) {
    require(EpisodeState.PENDING);
    state = EpisodeState.FIRING;
    firedAt = now;
    eventSequence++;
  }

  void withdraw(Instant now) {
    require(EpisodeState.PENDING);
    state = EpisodeState.RESOLVED;
    resolvedAt = now;
  }

  /** Recovered after it fired: the cool-down starts. */
  void converge(Instant now) {
    require(EpisodeState.FIRING);
    state = EpisodeState.CONVERGED;
    convergedAt = now;
  }

  /** Degraded again within the cool-down: the same incident goes on, not notified again. */
  void reopen() {
    require(EpisodeState.CONVERGED);
    state = EpisodeState.FIRING;
    convergedAt = null;
  }

  boolean cooldownOver(DivergencePolicy policy, Instant now) {
    return !now.isBefore(convergedAt.plus(policy.cooldown()));
  }

  void resolve(Instant now) {
    require(EpisodeState.CONVERGED);
    state = EpisodeState.RESOLVED;
    resolvedAt = now;
    eventSequence++;
  }

  private void require(EpisodeState... allowed) {
    state.require("regional incident " + id + " (" + region + ")", allowed);
  }

  EpisodeState state() {
    return state;
  }

  String region() {
    return region;
  }

  long id() {
    return id;
  }

  void assignId(long value) {
    id = value;
  }

  EpisodeView view() {
    List<String> regions = List.of(region);
    Double seconds = resolvedAt == null ? null : Duration.between(openedAt, resolvedAt).toMillis() / 1000.0;
    return new EpisodeView(id, EpisodeKind.REGION_DEGRADED, "", "", "", "", null, state, openedAt, firedAt,
        convergedAt, resolvedAt, lastFailingAt, 1, "", "", List.of(), regions, firedAt == null ? List.of() : regions,
        Map.of(), resolvedAt == null ? null : region, seconds, 0, eventSequence, "", Map.of(), null, tally.failures(),
        tally.targets());
  }
}
