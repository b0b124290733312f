package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A ground-truth episode (checksum_mismatch, sumdb_fork, sumdb_stale). Its rule already waited whatever grace applies,
 * so it fires when opened, follows what its rule finds while open, and resolves (notified) once the rule finds
 * nothing:
 * <pre>  (found) --open--> firing --update--> firing --resolve--> resolved</pre>
 */
final class TruthEpisode {
  private final EpisodeView opened;
  private Finding finding;
  private EpisodeState state;
  private Instant resolvedAt;
  private Instant lastSeen;
  private int eventSequence;
  private long id;

  private TruthEpisode(EpisodeView opened, Finding finding) {
    this.opened = opened;
    this.finding = finding;
    this.state = opened.state();
    this.eventSequence = opened.eventSequence();
    this.id = opened.id();
    this.lastSeen = opened.lastDisagreementAt();
  }

  static TruthEpisode open(Finding f, Instant now) {
    return new TruthEpisode(new EpisodeView(0, f.kind(), f.module(), f.version(), f.endpoint(), f.url(), null,
        EpisodeState.FIRING, now, now, null, null, now, 1, "", f.expected(), List.of(), f.regions(), f.regions(),
        f.observed(), null, null, 0, 1, f.proxy(), f.since(), null, Map.of(), 0), f);
  }

  static TruthEpisode restore(EpisodeView stored) {
    if (!EpisodeKind.GROUND_TRUTH.contains(stored.kind())) {
      throw new IllegalArgumentException("episode " + stored.id() + " is not a ground-truth episode");
    }
    return new TruthEpisode(stored, null);
  }

  String key() {
    return Finding.key(opened.kind(), opened.proxy(), opened.module(), opened.version(), opened.endpoint());
  }

  /** The rule still finds it; returns whether anything shown changed. */
  boolean update(Finding f, Instant now) {
    lastSeen = now;
    boolean changed = !f.regions().equals(opened.outlierRegions()) || !f.expected().equals(opened.majorityFingerprint());
    finding = f;
    return changed;
  }

  /** The rule finds nothing any more. */
  void resolve(Instant now) {
    if (state != EpisodeState.FIRING) throw new IllegalStateException("episode " + id + " is " + state.label() + ", not firing");
    state = EpisodeState.RESOLVED;
    resolvedAt = now;
    eventSequence++;
  }

  void assignId(long value) {
    id = value;
  }

  EpisodeView view() {
    Finding f = finding;
    List<String> regions = f == null ? opened.outlierRegions() : f.regions();
    return new EpisodeView(id, opened.kind(), opened.module(), opened.version(), opened.endpoint(),
        f == null ? opened.url() : f.url(), null, state, opened.openedAt(), opened.firedAt(), resolvedAt, resolvedAt,
        lastSeen,
        opened.rounds(), "", f == null ? opened.majorityFingerprint() : f.expected(), List.of(), regions,
        opened.alertOutlierRegions(), f == null ? Map.of() : f.observed(), null,
        resolvedAt == null ? null : Duration.between(opened.openedAt(), resolvedAt).toMillis() / 1000.0, 0,
        eventSequence, opened.proxy(), f == null ? opened.outlierSince() : f.since(), null, Map.of(), 0);
  }
}
