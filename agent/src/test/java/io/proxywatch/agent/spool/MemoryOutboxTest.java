package io.proxywatch.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryOutboxTest {
  @TempDir
  Path dir;

  @Test
  void add_assignsIncreasingSequences_andAfterReturnsThemInOrder() {
    try (Outbox outbox = new MemoryOutbox(SequenceStore.open(dir), 100)) {
      for (int i = 0; i < 5; i++) outbox.add(Sample.newBuilder());

      assertThat(sequences(outbox.after(0, 10, 1 << 20))).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(sequences(outbox.after(2, 2, 1 << 20))).containsExactly(3L, 4L);
    }
  }

  @Test
  void after_limitsTheBatchByBytes_butAlwaysReturnsAtLeastOne() {
    try (Outbox outbox = new MemoryOutbox(SequenceStore.open(dir), 100)) {
      String big = "x".repeat(1000);
      for (int i = 0; i < 5; i++) outbox.add(Sample.newBuilder().setEtag(big));

      assertThat(outbox.after(0, 10, 2500)).hasSize(2);
      assertThat(outbox.after(0, 10, 10)).hasSize(1);
    }
  }

  @Test
  void release_forgetsEverythingUpToTheSequence() {
    try (Outbox outbox = new MemoryOutbox(SequenceStore.open(dir), 100)) {
      for (int i = 0; i < 5; i++) outbox.add(Sample.newBuilder());

      assertThat(outbox.release(3)).isEqualTo(3);
      assertThat(outbox.release(3)).isZero();
      assertThat(outbox.size()).isEqualTo(2);
      assertThat(sequences(outbox.after(0, 10, 1 << 20))).containsExactly(4L, 5L);
    }
  }

  @Test
  void whenFull_dropsTheOldestAndCountsIt() {
    try (Outbox outbox = new MemoryOutbox(SequenceStore.open(dir), 3)) {
      for (int i = 0; i < 5; i++) outbox.add(Sample.newBuilder());

      assertThat(outbox.size()).isEqualTo(3);
      assertThat(outbox.dropped()).isEqualTo(2);
      assertThat(sequences(outbox.after(0, 10, 1 << 20))).containsExactly(3L, 4L, 5L);
    }
  }

  @Test
  void continueAfter_keepsNewSequencesAboveWhatTheCollectorHolds() {
    try (Outbox outbox = new MemoryOutbox(SequenceStore.open(dir), 10)) {
      outbox.add(Sample.newBuilder());
      outbox.continueAfter(100);

      assertThat(outbox.add(Sample.newBuilder()).getSequence()).isEqualTo(101);
    }
  }

  @Test
  void add_notifiesTheListener() {
    AtomicInteger calls = new AtomicInteger();
    try (Outbox outbox = new MemoryOutbox(SequenceStore.open(dir), 10)) {
      outbox.onAdd(calls::incrementAndGet);
      outbox.add(Sample.newBuilder());
      outbox.add(Sample.newBuilder());
    }
    assertThat(calls).hasValue(2);
  }

  private static List<Long> sequences(List<Sample> samples) {
    return samples.stream().map(Sample::getSequence).toList();
  }
}
