package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The regions' latest fresh observations of one target, compared. The majority is the largest group of
 * regions served the same thing; a tie goes to the value that was the majority before (the older answer),
 * then to the first in key order, so the choice is stable from one evaluation to the next. On a mutable endpoint
 * where some regions are only behind the others ({@link Staleness}), the regions ahead are the reference and the
 * lagging ones the outliers, however many lag: ahead is never an outlier.
 */
record Comparison(TargetKey target, Map<String, Observation> byRegion, Map<String, Fingerprint> fingerprints,
                  boolean diverging, EpisodeKind kind, Fingerprint majority, List<String> majorityRegions,
                  List<String> outlierRegions) {

  static Comparison of(TargetKey target, List<Observation> observations, String previousMajorityKey) {
    observations = zipBodiesAllOrNone(target, observations);
    Map<String, Observation> byRegion = new TreeMap<>();
    Map<String, Fingerprint> fingerprints = new TreeMap<>();
    Map<String, List<String>> regionsByKey = new TreeMap<>();
    Map<String, Fingerprint> distinct = new TreeMap<>();
    for (Observation o : observations) {
      Fingerprint f = o.fingerprint();
      byRegion.put(o.region(), o);
      fingerprints.put(o.region(), f);
      regionsByKey.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(o.region());
      distinct.putIfAbsent(f.key(), f);
    }
    String majorityKey = regionsByKey.keySet().stream()
        .max(Comparator.<String>comparingInt(k -> regionsByKey.get(k).size())
            .thenComparing(k -> k.equals(previousMajorityKey))
            .thenComparing(Comparator.<String>reverseOrder()))
        .orElseThrow();
    List<String> outliers = new ArrayList<>();
    regionsByKey.forEach((k, regions) -> {
      if (!k.equals(majorityKey)) outliers.addAll(regions);
    });
    outliers.sort(null);
    boolean diverging = distinct.size() > 1;
    if (diverging) {
      Optional<Staleness> stale = Staleness.of(target, byRegion, fingerprints);
      if (stale.isPresent()) {
        return new Comparison(target, byRegion, fingerprints, true, EpisodeKind.STALE, stale.get().aheadFingerprint(),
            stale.get().ahead(), stale.get().lagging());
      }
    }
    return new Comparison(target, byRegion, fingerprints, diverging,
        diverging ? EpisodeKind.classify(distinct.values()) : null, distinct.get(majorityKey),
        regionsByKey.get(majorityKey).stream().sorted().toList(), List.copyOf(outliers));
  }

  /**
   * A .zip is probed with HEAD; its body hash comes from the agent's last verification GET of the same zip, which
   * not every region has made yet. Bodies are compared only when every region has one: a region that has not
   * verified yet must not look like a region served other bytes.
   */
  private static List<Observation> zipBodiesAllOrNone(TargetKey target, List<Observation> observations) {
    if (!"zip".equals(target.endpoint()) || observations.stream().allMatch(o -> o.contentSha256() != null)
        || observations.stream().allMatch(o -> o.contentSha256() == null)) {
      return observations;
    }
    return observations.stream().map(Observation::withoutBodyHash).toList();
  }

  /** Changes whenever an outlier region probes again: two markers in a row that disagree are two rounds. */
  String roundMarker() {
    StringBuilder marker = new StringBuilder();
    for (String region : outlierRegions) marker.append(region).append(':').append(byRegion.get(region).sequence()).append(' ');
    return marker.toString().trim();
  }

  /** The newest sample among the compared ones: the one that decided this comparison. */
  Instant decidedAt() {
    return byRegion.values().stream().map(Observation::time).max(Comparator.naturalOrder()).orElseThrow();
  }

  /** Each region's fingerprint as people read it. */
  Map<String, String> displayFingerprints() {
    Map<String, String> display = new TreeMap<>();
    fingerprints.forEach((region, f) -> display.put(region, f.display()));
    return display;
  }

  String url() {
    return byRegion.values().iterator().next().url();
  }
}
