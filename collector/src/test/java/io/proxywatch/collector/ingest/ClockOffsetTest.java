package io.proxywatch.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClockOffsetTest {
  private final ClockOffset offset = new ClockOffset();

  @Test
  void anAgentFiveMinutesSlow_isMeasuredFromTheExchangeWithTheSmallestRoundTrip() {
    long slow = 300_000_000;
    // t1 agent send, t2 collector receive, t3 collector send, t4 agent receive; 1 ms each way, 50 ms commit
    offset.record(1_000_000 - slow, 1_001_000, 1_051_000, 1_052_000 - slow);
    // a queued exchange: 400 ms on the way in, so its estimate is 200 ms off
    offset.record(2_000_000 - slow, 2_400_000, 2_450_000, 2_451_000 - slow);
    assertThat(offset.record(0, 0, 0, 0)).contains(new ClockOffset.Estimate(slow, 2_000));
  }

  @Test
  void anAgentAhead_hasANegativeOffset() {
    long ahead = 300_000_000;
    assertThat(offset.record(1_000_000 + ahead, 1_001_000, 1_002_000, 1_003_000 + ahead))
        .contains(new ClockOffset.Estimate(-ahead, 2_000));
  }

  @Test
  void impossibleExchanges_areDropped_andOnlyTheLastFewCount() {
    assertThat(offset.record(1_000, 900, 800, 2_000)).as("sent before received").isEmpty();
    assertThat(offset.record(5_000, 1_000, 1_100, 4_000)).as("a clock stepped back mid-way").isEmpty();
    offset.record(1_000, 1_100, 1_200, 1_300);
    for (int i = 0; i < ClockOffset.WINDOW; i++) offset.record(10_000, 10_500, 10_600, 11_100);
    assertThat(offset.record(0, 0, 0, 0)).contains(new ClockOffset.Estimate(0, 1_000));
  }
}
