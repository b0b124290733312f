package io.proxywatch.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollupHistogramTest {

  @Test
  void percentiles_stayWithinTheDocumentedErrorOfPercentileCont() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      long[] values = new long[1 + random.nextInt(300)];
      RollupHistogram histogram = new RollupHistogram();
      for (int i = 0; i < values.length; i++) {
        values[i] = 1 + (long) Math.exp(random.nextDouble() * 20);
        histogram.add(new short[] {(short) RollupHistogram.bin(values[i])}, new int[] {1});
      }
      Arrays.sort(values);
      for (double p : new double[] {0.5, 0.95, 0.99}) {
        double exact = percentileCont(values, p);
        assertThat(histogram.percentile(p)).isCloseTo(exact, within(exact * 0.0220));
      }
    }
  }

  @Test
  void zeroAndEmpty() {
    RollupHistogram histogram = new RollupHistogram();
    assertThat(histogram.percentile(0.5)).isNull();
    histogram.add(new short[] {(short) RollupHistogram.bin(0)}, new int[] {3});
    assertThat(histogram.percentile(0.99)).isZero();
  }

  @Test
  void bins_matchTheSqlDefinition() {
    assertThat(RollupHistogram.bin(1)).isEqualTo(1);
    assertThat(RollupHistogram.bin(2)).isEqualTo(17);
    assertThat(RollupHistogram.bin(3_600_000_000L)).isLessThan(RollupHistogram.BINS);
  }

  private static double percentileCont(long[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int lower = (int) Math.floor(rank);
    int upper = Math.min(sorted.length - 1, lower + 1);
    return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
  }
}
