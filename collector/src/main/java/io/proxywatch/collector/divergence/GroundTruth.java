package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checksum-database rules: {@link ChecksumFindings} (checksum_mismatch) and {@link SumDbFindings} (sumdb_fork,
 * sumdb_stale) find what is wrong now; each finding opens or updates a {@link TruthEpisode}, and an open episode
 * whose finding is gone resolves. {@link #prepare} proves heads consistent outside the transaction; {@link #evaluate}
 * runs in the evaluator's transaction.
 */
final class GroundTruth {
  private static final Logger logger = LoggerFactory.getLogger(GroundTruth.class);

  private final GroundTruthStore store = new GroundTruthStore();
  private final GroundTruthPolicy policy;
  private final ForkProofs proofs;
  private final EpisodeEvents events;

  GroundTruth(GroundTruthPolicy policy, EpisodeEvents events) {
    this.policy = policy;
    this.events = events;
    this.proofs = new ForkProofs(policy.gosumdb().key(), policy.consistency());
  }

  /** Network work, before the transaction: prove the fresh heads consistent with each other. */
  void prepare(Connection c, Instant now) throws SQLException {
    proofs.prove(store.heads(c, now.minus(policy.headWindow())));
  }

  /** Returns how many events it emitted, inside the caller's transaction. */
  int evaluate(Connection c, Instant now) throws SQLException {
    List<GroundTruthStore.Head> heads = store.heads(c, now.minus(policy.headWindow()));
    List<Finding> findings = new ArrayList<>(ChecksumFindings.of(store.mismatches(c)));
    findings.addAll(SumDbFindings.forks(heads, proofs));
    findings.addAll(SumDbFindings.stale(c, store, heads, policy.staleGrace()));
    Map<String, TruthEpisode> open = store.open(c);
    int emitted = 0;
    for (Finding f : findings) {
      TruthEpisode e = open.remove(f.key());
      if (e == null) {
        emitted += save(c, TruthEpisode.open(f, now), EpisodeEvent.FIRING, f);
      } else if (e.update(f, now)) {
        save(c, e, null, f);
      }
    }
    for (TruthEpisode e : open.values()) {
      e.resolve(now);
      emitted += save(c, e, EpisodeEvent.RESOLVED, null);
    }
    return emitted;
  }

  private int save(Connection c, TruthEpisode e, EpisodeEvent event, Finding f) throws SQLException {
    e.assignId(new EpisodeStore().save(c, e.view()));
    EpisodeView v = e.view();
    if (f != null) store.recordEvidence(c, v.id(), f.evidence());
    if (event == null) return 0;
    logger.info("episode {} {}: {} {} {}@{} regions {} expected {}", v.id(), event.label(), v.kind().label(), v.proxy(),
        v.module(), v.version(), v.outlierRegions(), v.majorityFingerprint());
    events.emit(c, v, event);
    return 1;
  }
}
