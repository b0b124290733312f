package io.proxywatch.bench;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics over a sample of measurements (nearest-rank percentiles). */
public final class Stats {
  private final double[] sorted;

  private Stats(double[] sorted) {
    this.sorted = sorted;
  }

  public static Stats of(double... values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return new Stats(copy);
  }

  public static Stats of(Collection<? extends Number> values) {
    return of(values.stream().mapToDouble(Number::doubleValue).toArray());
  }

  public int count() {
    return sorted.length;
  }

  /** Nearest-rank percentile, {@code p} in [0, 100]; NaN when empty. */
  public double percentile(double p) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public double median() {
    return percentile(50);
  }

  public double min() {
    return sorted.length == 0 ? Double.NaN : sorted[0];
  }

  public double max() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  /** "min..max" of repeated runs, for the spread column. */
  public String spread() {
    return Report.format(min()) + ".." + Report.format(max());
  }
}
