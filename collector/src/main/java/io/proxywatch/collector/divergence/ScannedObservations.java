package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Every evaluation reads the whole fresh window ({@link EpisodeStore#fresh}) and compares every target, each as if it
 * had changed: the reference.
 */
final class ScannedObservations implements ObservationSource {
  private final EpisodeStore store;
  private final Supplier<FreshnessWindows> windows;

  ScannedObservations(EpisodeStore store, Supplier<FreshnessWindows> windows) {
    this.store = store;
    this.windows = windows;
  }

  @Override
  public Selection select(Connection c, Instant now, Set<TargetKey> open) throws SQLException {
    List<Observation> fresh = store.fresh(c, now, windows.get());
    return new Selection(RegionTally.of(fresh), byTarget(fresh), Set.of());
  }

  @Override
  public void committed() {}

  private static Map<TargetKey, List<Observation>> byTarget(List<Observation> observations) {
    Map<TargetKey, List<Observation>> byTarget = new TreeMap<>();
    for (Observation o : observations) byTarget.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
    return byTarget;
  }
}
