package io.proxywatch.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
  @Test
  void delaysDoubleWithJitter_upToTheCap_andResetStartsOver() {
    ReconnectBackoff backoff = new ReconnectBackoff(RandomGenerator.of("L64X128MixRandom"));
    long ceiling = ReconnectBackoff.INITIAL.toMillis();
    for (int i = 0; i < 12; i++) {
      Duration d = backoff.next();
      long c = Math.min(ceiling, ReconnectBackoff.CAP.toMillis());
      assertThat(d.toMillis()).isBetween(c / 2, c);
      ceiling *= 2;
    }
    backoff.reset();
    assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
  }
}
