package io.proxywatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void nearestRankPercentiles() {
    Stats stats = Stats.of(List.of(5, 1, 4, 2, 3, 6, 7, 8, 9, 10));
    assertThat(stats.median()).isEqualTo(5);
    assertThat(stats.percentile(99)).isEqualTo(10);
    assertThat(stats.percentile(0)).isEqualTo(1);
    assertThat(stats.spread()).isEqualTo("1..10");
  }

  @Test
  void emptyIsNotANumber() {
    assertThat(Stats.of().median()).isNaN();
    assertThat(Report.format(Double.NaN)).isEqualTo("n/a");
  }

  @Test
  void figuresAreFormattedByMagnitude() {
    assertThat(Report.format(123456)).isEqualTo("123456");
    assertThat(Report.format(1234.567)).isEqualTo("1234.6");
    assertThat(Report.format(12.3456)).isEqualTo("12.35");
    assertThat(Report.format(0.123456)).isEqualTo("0.1235");
  }
}
