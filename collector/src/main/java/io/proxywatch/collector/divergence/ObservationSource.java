package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an evaluation gets the regions' fresh observations: a scan of the fresh window ({@link ScannedObservations}),
 * or the leader's table of latest answers, which gives only what changed ({@link LatestObservations}).
 */
interface ObservationSource {
  /**
   * What to compare now, inside the evaluation's transaction: every region's tally over all its fresh observations,
   * and, in target order, the fresh observations of at least every target that changed since the last committed
   * evaluation and of every target in {@code open} (targets with an open episode, whose timers run). The selection's
   * {@code unchanged} names the targets it holds only because their episode is open: nothing about them arrived since
   * the last committed evaluation, so only a timer that ran out can move their episode.
   */
  Selection select(Connection c, Instant now, Set<TargetKey> open) throws SQLException;

  /** The evaluation that used the last selection was committed: what it compared need not be compared again. */
  void committed();

  /** {@code unchanged}: the targets of {@code targets} that did not change since the last committed evaluation. */
  record Selection(List<RegionTally> tallies, Map<TargetKey, List<Observation>> targets, Set<TargetKey> unchanged) {}
}
