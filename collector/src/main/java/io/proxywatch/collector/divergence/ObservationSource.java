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
   * evaluation and of every target in {@code open} (targets with an open episode, whose timers run).
   */
  Selection select(Connection c, Instant now, Set<TargetKey> open) throws SQLException;

  /** The evaluation that used the last selection was committed: what it compared need not be compared again. */
  void committed();

  record Selection(List<RegionTally> tallies, Map<TargetKey, List<Observation>> targets) {}
}
