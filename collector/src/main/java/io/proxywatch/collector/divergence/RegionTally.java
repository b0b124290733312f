package io.proxywatch.collector.divergence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one region fares across its fresh observations: how many targets it has an answer for, and how many of those
 * fail, by failure class ({@code timeout}, {@code connect}, {@code dns}, {@code tls}, ... or {@code 5xx}).
 */
record RegionTally(String region, int targets, Map<String, Integer> failures) {
  RegionTally {
    failures = Map.copyOf(failures);
  }

  /** Every region's tally, in region order. */
  static List<RegionTally> of(List<Observation> fresh) {
    Map<String, Integer> targets = new TreeMap<>();
    Map<String, Map<String, Integer>> failures = new TreeMap<>();
    for (Observation o : fresh) {
      targets.merge(o.region(), 1, Integer::sum);
      Map<String, Integer> mix = failures.computeIfAbsent(o.region(), r -> new TreeMap<>());
      String failure = failure(o);
      if (failure != null) mix.merge(failure, 1, Integer::sum);
    }
    List<RegionTally> tallies = new ArrayList<>();
    targets.forEach((region, count) -> tallies.add(new RegionTally(region, count, failures.get(region))));
    return tallies;
  }

  /** The failure class of an observation, or null when it was answered without a server error. */
  static String failure(Observation o) {
    if (o.errorClass() != null && !o.errorClass().isEmpty()) return o.errorClass();
    return o.status() >= 500 ? "5xx" : null;
  }

  int failing() {
    return failures.values().stream().mapToInt(Integer::intValue).sum();
  }

  boolean degraded(DivergencePolicy policy) {
    return targets >= policy.regionMinTargets() && failing() >= policy.regionShare() * targets;
  }
}
