package io.proxywatch.collector.divergence;

import java.util.Objects;
import java.util.function.Function;

/** One target's latest answer per region (indexed by region id), and whether it changed since the last evaluation. */
final class TargetRow {
  private static final RegionAnswer[] NONE = new RegionAnswer[0];

  final TargetKey key;
  final int index;
  private RegionAnswer[] byRegion = NONE;
  boolean dirty;
  /** Which accepted answer of the table was this row's latest (any answer, even one telling the same as before). */
  long answered;

  TargetRow(TargetKey key, int index) {
    this.key = key;
    this.index = index;
  }

  RegionAnswer get(int region) {
    return region < byRegion.length ? byRegion[region] : null;
  }

  void set(int region, RegionAnswer answer) {
    if (region >= byRegion.length) byRegion = java.util.Arrays.copyOf(byRegion, region + 1);
    byRegion[region] = answer;
  }

  int regions() {
    return byRegion.length;
  }

  /** The instance another region's answer already holds for an equal value, so equal texts are kept once per target. */
  <T> T shared(T value, Function<RegionAnswer, T> field) {
    if (value == null) return null;
    for (RegionAnswer a : byRegion) {
      if (a == null) continue;
      T other = field.apply(a);
      if (Objects.equals(other, value)) return other;
    }
    return value;
  }
}
