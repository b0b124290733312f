package io.proxywatch.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JitterTest {
  @Test
  void offsetsAreUniformOverTheFirstFifthOfTheInterval() {
    Jitter jitter = new Jitter(RandomGenerator.of("L64X128MixRandom"));
    long[] offsets = LongStream.generate(() -> jitter.firstOffsetNanos(Duration.ofSeconds(20))).limit(10_000).toArray();

    assertThat(LongStream.of(offsets).min().orElseThrow()).isNotNegative();
    assertThat(LongStream.of(offsets).max().orElseThrow()).isLessThanOrEqualTo(4_000_000_000L);
    double mean = LongStream.of(offsets).average().orElseThrow();
    assertThat(mean).isBetween(1.9e9, 2.1e9);
  }

  @Test
  void aLongInterval_stillStartsWithinTheFirstProbeBound() {
    Jitter jitter = new Jitter(RandomGenerator.of("L64X128MixRandom"));
    long max = LongStream.generate(() -> jitter.firstOffsetNanos(Duration.ofHours(1))).limit(10_000).max().orElseThrow();

    assertThat(max).isLessThanOrEqualTo(Jitter.FIRST_PROBE_BOUND.toNanos()).isGreaterThan(4_000_000_000L);
  }
}
