package io.proxywatch.collector.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Heartbeats heartbeats = new Heartbeats(Duration.ofSeconds(10), nanos::get);

  @Test
  void aLoopSilentLongerThanTheBound_isStuck_untilItBeatsAgain() {
    Heartbeat writer = heartbeats.register("sample-writer");
    Heartbeat evaluator = heartbeats.register("divergence-evaluator");
    advance(Duration.ofSeconds(10));
    evaluator.beat();
    assertThat(heartbeats.stuck()).isEmpty();
    advance(Duration.ofSeconds(1));
    assertThat(heartbeats.stuck()).containsExactly(new Heartbeats.Stuck("sample-writer", Duration.ofSeconds(11)));
    writer.beat();
    assertThat(heartbeats.stuck()).isEmpty();
  }

  @Test
  void aClosedLoop_nolongerCounts_andDoesNotRemoveItsReplacement() {
    Heartbeat old = heartbeats.register("notifier");
    Heartbeat replacement = heartbeats.register("notifier");
    old.close();
    advance(Duration.ofMinutes(1));
    assertThat(heartbeats.stuck()).extracting(Heartbeats.Stuck::loop).containsExactly("notifier");
    replacement.close();
    assertThat(heartbeats.stuck()).isEmpty();
  }

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }
}
