package io.proxywatch.collector.storage;

import java.util.Arrays;

/**
 * A mergeable log-scale histogram of time to first byte: bin 0 holds 0 us, bin b >= 1 holds
 * [2^((b-1)/16), 2^(b/16)) us. Percentiles interpolate between order statistics like percentile_cont, each
 * order statistic taken as its bin's geometric middle: within a factor 2^(1/32) (+-2.2%) of the exact value.
 */
final class RollupHistogram {
  static final int BINS = 16 * 40;
  private final long[] counts = new long[BINS];
  private long total;

  void add(short[] bins, int[] binCounts) {
    for (int i = 0; i < bins.length; i++) {
      counts[bins[i]] += binCounts[i];
      total += binCounts[i];
    }
  }

  static int bin(long micros) {
    return micros < 1 ? 0 : 1 + (int) Math.floor(16 * Math.log(micros) / Math.log(2));
  }

  static double middle(int bin) {
    return bin == 0 ? 0 : Math.pow(2, (bin - 0.5) / 16);
  }

  /** The p-quantile (0..1) in microseconds as percentile_cont computes it, or null when empty. */
  Double percentile(double p) {
    if (total == 0) return null;
    double rank = p * (total - 1);
    long lower = (long) Math.floor(rank);
    double low = orderStatistic(lower);
    double high = orderStatistic(Math.min(total - 1, lower + 1));
    return low + (rank - lower) * (high - low);
  }

  /** The value of the k-th smallest sample (0-based), as its bin's middle. */
  private double orderStatistic(long k) {
    long seen = 0;
    for (int b = 0; b < BINS; b++) {
      seen += counts[b];
      if (seen > k) return middle(b);
    }
    return middle(BINS - 1);
  }

  @Override
  public String toString() {
    return "RollupHistogram[total=" + total + ", " + Arrays.stream(counts).filter(c -> c > 0).count() + " bins]";
  }
}
