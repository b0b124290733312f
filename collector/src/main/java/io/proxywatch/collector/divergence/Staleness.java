package io.proxywatch.collector.divergence;

import io.proxywatch.collector.gomod.SemVer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Whether a disagreement on a mutable endpoint is only propagation: every region that differs from the regions
 * ahead is behind them, and the regions ahead agree with one another.
 * <ul>
 *   <li>{@code @v/list}: the regions ahead list every version any region lists; the others list a strict subset.
 *   <li>{@code @latest}: the regions ahead report the newest version; the others an older one.
 *   <li>{@code .info}: the regions ahead answer 200; the others have not found it yet (404 or 410).
 * </ul>
 * Anything else (a version one list lacks that others keep, a different Time for the same version, @latest
 * pointing elsewhere) is not staleness and stays a content or status divergence.
 */
record Staleness(List<String> ahead, List<String> lagging, Fingerprint aheadFingerprint) {

  static Optional<Staleness> of(TargetKey target, Map<String, Observation> byRegion, Map<String, Fingerprint> fingerprints) {
    return switch (target.endpoint()) {
      case "list" -> list(byRegion, fingerprints);
      case "latest" -> latest(byRegion, fingerprints);
      case "info" -> split(byRegion, fingerprints, o -> o.status() == 200, o -> o.status() == 404 || o.status() == 410);
      default -> Optional.empty();
    };
  }

  private static Optional<Staleness> list(Map<String, Observation> byRegion, Map<String, Fingerprint> fingerprints) {
    if (byRegion.values().stream().anyMatch(o -> o.status() != 200 || o.listedVersions() == null)) return Optional.empty();
    Set<String> union = new TreeSet<>();
    byRegion.values().forEach(o -> union.addAll(o.listedVersions()));
    return split(byRegion, fingerprints, o -> new TreeSet<>(o.listedVersions()).equals(union), o -> true);
  }

  private static Optional<Staleness> latest(Map<String, Observation> byRegion, Map<String, Fingerprint> fingerprints) {
    if (byRegion.values().stream().anyMatch(o -> o.status() != 200 || !SemVer.valid(o.reportedVersion()))) {
      return Optional.empty();
    }
    String newest = byRegion.values().stream().map(Observation::reportedVersion).max(SemVer.ORDER).orElseThrow();
    return split(byRegion, fingerprints, o -> o.reportedVersion().equals(newest), o -> true);
  }

  /** Ahead are the regions {@code isAhead} accepts; every other region must be one {@code isBehind} accepts. */
  private static Optional<Staleness> split(Map<String, Observation> byRegion, Map<String, Fingerprint> fingerprints,
                                           Predicate<Observation> isAhead, Predicate<Observation> isBehind) {
    List<String> ahead = new ArrayList<>();
    List<String> lagging = new ArrayList<>();
    for (Map.Entry<String, Observation> e : byRegion.entrySet()) {
      if (isAhead.test(e.getValue())) ahead.add(e.getKey());
      else if (isBehind.test(e.getValue())) lagging.add(e.getKey());
      else return Optional.empty();
    }
    if (ahead.isEmpty() || lagging.isEmpty()) return Optional.empty();
    Fingerprint reference = fingerprints.get(ahead.get(0));
    if (ahead.stream().anyMatch(r -> !fingerprints.get(r).key().equals(reference.key()))) return Optional.empty();
    return Optional.of(new Staleness(List.copyOf(ahead), List.copyOf(lagging), reference));
  }
}
