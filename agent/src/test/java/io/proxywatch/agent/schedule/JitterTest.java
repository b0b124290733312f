package io.proxywatch.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JitterTest {
  @Test
  void offsetsAreUniformOverTheFirstFifthOfTheInterval() {
    Jitter jitter = new Jitter(Duration.ofSeconds(30), RandomGenerator.of("L64X128MixRandom"));
    long[] offsets = LongStream.generate(jitter::nextOffsetNanos).limit(10_000).toArray();

    assertThat(LongStream.of(offsets).min().orElseThrow()).isNotNegative();
    assertThat(LongStream.of(offsets).max().orElseThrow()).isLessThanOrEqualTo(6_000_000_000L);
    double mean = LongStream.of(offsets).average().orElseThrow();
    assertThat(mean).isBetween(2.8e9, 3.2e9);
  }
}
