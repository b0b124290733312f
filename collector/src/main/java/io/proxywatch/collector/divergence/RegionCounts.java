package io.proxywatch.collector.divergence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every region's tally kept as answers come and go: how many fresh answers it has, and how many of them fail by class.
 * {@link #tallies} gives what {@link RegionTally#of} would count over the same fresh answers, without reading them.
 */
final class RegionCounts {
  private final Names failureClasses = new Names();
  private int[] targets = new int[0];
  private int[][] failures = new int[0][];

  void add(int region, RegionAnswer answer) {
    change(region, answer, 1);
  }

  void remove(int region, RegionAnswer answer) {
    change(region, answer, -1);
  }

  private void change(int region, RegionAnswer answer, int delta) {
    if (region >= targets.length) {
      targets = Arrays.copyOf(targets, region + 1);
      failures = Arrays.copyOf(failures, region + 1);
    }
    targets[region] += delta;
    String failure = answer.failure();
    if (failure == null) return;
    int f = failureClasses.id(failure);
    int[] mix = failures[region] == null ? new int[f + 1] : failures[region];
    if (f >= mix.length) mix = Arrays.copyOf(mix, f + 1);
    mix[f] += delta;
    failures[region] = mix;
  }

  /** The tallies of the regions with at least one fresh answer, in region order. */
  List<RegionTally> tallies(Names regions) {
    Map<String, RegionTally> byName = new TreeMap<>();
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] == 0) continue;
      Map<String, Integer> mix = new TreeMap<>();
      int[] counts = failures[r] == null ? new int[0] : failures[r];
      for (int f = 0; f < counts.length; f++) if (counts[f] > 0) mix.put(failureClasses.name(f), counts[f]);
      byName.put(regions.name(r), new RegionTally(regions.name(r), targets[r], mix));
    }
    return new ArrayList<>(byName.values());
  }

  void clear() {
    targets = new int[0];
    failures = new int[0][];
  }
}
