package io.proxywatch.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
  static final long MAX = 64 << 10;
  static final long SEGMENT = 4 << 10;

  @TempDir
  Path dir;

  @Test
  void add_assignsIncreasingSequences_andAfterReturnsThemInOrderOnceSynced() {
    try (DiskSpool spool = open()) {
      add(spool, 5);
      assertThat(spool.after(0, 10, 1 << 20)).isEmpty(); // written, not yet fsynced: not offered
      spool.sync();

      assertThat(sequences(spool.after(0, 10, 1 << 20))).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(sequences(spool.after(2, 2, 1 << 20))).containsExactly(3L, 4L);
      assertThat(sequences(spool.after(4, 10, 1 << 20))).containsExactly(5L);
    }
  }

  @Test
  void after_limitsTheBatchByBytes_butAlwaysReturnsAtLeastOne() {
    try (DiskSpool spool = open()) {
      for (int i = 0; i < 5; i++) spool.add(Sample.newBuilder().setEtag("x".repeat(1000)));
      spool.sync();

      assertThat(spool.after(0, 10, 2500)).hasSize(2);
      assertThat(spool.after(0, 10, 10)).hasSize(1);
    }
  }

  @Test
  void after_readsAcrossSegments() {
    try (DiskSpool spool = open()) {
      add(spool, 600);
      spool.sync();

      assertThat(segments()).hasSizeGreaterThan(3);
      assertThat(sequences(spool.after(0, 1000, 1 << 20))).containsExactlyElementsOf(range(1, 600));
      assertThat(sequences(spool.after(150, 1000, 1 << 20))).containsExactlyElementsOf(range(151, 600));
    }
  }

  @Test
  void release_forgetsAcknowledgedSamples_andDeletesFullyAcknowledgedSegments() {
    try (DiskSpool spool = open()) {
      add(spool, 300);
      spool.sync();
      int segmentsBefore = segments().size();

      assertThat(spool.release(250)).isEqualTo(250);
      assertThat(spool.release(250)).isZero();
      assertThat(spool.size()).isEqualTo(50);
      assertThat(segments().size()).isLessThan(segmentsBefore);
      assertThat(sequences(spool.after(0, 1000, 1 << 20))).containsExactlyElementsOf(range(251, 300));
      assertThat(spool.release(1000)).isEqualTo(50);
      assertThat(segments()).hasSize(1);
    }
  }

  @Test
  void whenFull_dropsTheOldestWholeSegments_countsThem_andStaysWithinTheBound() {
    try (DiskSpool spool = open()) {
      add(spool, 2000);
      spool.sync();

      assertThat(spool.bytes()).isLessThanOrEqualTo(MAX);
      assertThat(directoryBytes()).isLessThanOrEqualTo(MAX);
      assertThat(spool.dropped()).isPositive();
      assertThat(spool.dropped() + spool.size()).isEqualTo(2000);
      List<Long> kept = sequences(spool.after(0, 5000, 1 << 30));
      assertThat(kept).containsExactlyElementsOf(range(spool.dropped() + 1, 2000)); // the newest, in order
    }
  }

  @Test
  void acknowledgedSamples_areNotCountedAsDropped() {
    try (DiskSpool spool = open()) {
      for (int i = 0; i < 2000; i++) {
        Sample s = spool.add(Sample.newBuilder().setAgentId("a"));
        spool.release(s.getSequence());
      }

      assertThat(spool.dropped()).isZero();
      assertThat(spool.size()).isZero();
    }
  }

  @Test
  void continueAfter_keepsNewSequencesAboveWhatTheCollectorHolds() {
    try (DiskSpool spool = open()) {
      spool.add(Sample.newBuilder());
      assertThat(spool.continueAfter(100)).isTrue();
      assertThat(spool.continueAfter(50)).isFalse();

      assertThat(spool.add(Sample.newBuilder()).getSequence()).isEqualTo(101);
    }
  }

  @Test
  void theListener_hearsOfSamplesOnceTheyAreDurable() {
    AtomicInteger calls = new AtomicInteger();
    try (DiskSpool spool = open()) {
      spool.onAdd(calls::incrementAndGet);
      add(spool, 3);
      assertThat(calls).hasValue(0);
      spool.sync();
      spool.sync();
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  void reopening_replaysWhatWasNotAcknowledged_inOrder_andContinuesTheNumbering() {
    try (DiskSpool spool = open()) {
      add(spool, 300);
      spool.release(120);
    }
    try (DiskSpool spool = open()) {
      spool.sync();
      assertThat(spool.size()).isEqualTo(180);
      assertThat(sequences(spool.after(0, 1000, 1 << 20))).containsExactlyElementsOf(range(121, 300));
      assertThat(spool.add(Sample.newBuilder()).getSequence()).isEqualTo(301);
    }
  }

  @Test
  void aCopyOfARunningSpool_asAKillWouldLeaveIt_recoversEverythingAppended() throws IOException {
    Path copy = dir.resolveSibling(dir.getFileName() + "-copy");
    try (DiskSpool spool = open()) {
      add(spool, 150); // written to the OS, perhaps not fsynced, never closed
      spool.release(20);
      copyTree(dir, copy);
    }
    try (DiskSpool recovered = DiskSpool.open(copy, MAX, SEGMENT)) {
      recovered.sync();
      List<Long> replayed = sequences(recovered.after(0, 1000, 1 << 20));
      assertThat(replayed).containsExactlyElementsOf(range(replayed.get(0), 150)).startsWith(1L);
      assertThat(recovered.add(Sample.newBuilder()).getSequence()).isEqualTo(151); // no gap, no reuse
    }
  }

  @Test
  void aTornLastRecord_isCutOff_andItsSequenceIsNotSkipped() throws IOException {
    try (DiskSpool spool = open()) {
      add(spool, 10);
    }
    Path last = segments().get(segments().size() - 1);
    long intact = Files.size(last);
    append(last, ByteBuffer.allocate(30).putInt(500).putLong(11).putInt(0).flip()); // header, half a payload

    try (DiskSpool spool = open()) {
      spool.sync();
      assertThat(Files.size(last)).isEqualTo(intact);
      assertThat(sequences(spool.after(0, 100, 1 << 20))).containsExactlyElementsOf(range(1, 10));
      assertThat(spool.add(Sample.newBuilder()).getSequence()).isEqualTo(11);
    }
  }

  @Test
  void aRecordWithABadChecksum_orZerosAfterAPowerLoss_isCutOff() throws IOException {
    try (DiskSpool spool = open()) {
      add(spool, 10);
    }
    Path last = segments().get(segments().size() - 1);
    long size = Files.size(last);
    try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {0x55}), size - 1); // last byte of the 10th record's payload
      channel.write(ByteBuffer.allocate(4096), size); // a tail of zeros
    }

    try (DiskSpool spool = open()) {
      spool.sync();
      assertThat(sequences(spool.after(0, 100, 1 << 20))).containsExactlyElementsOf(range(1, 9));
      assertThat(spool.add(Sample.newBuilder()).getSequence()).isEqualTo(10); // 10 was never durable, so never sent
    }
  }

  @Test
  void aFileThatIsNoSegment_isMovedAside_notDeleted() throws IOException {
    try (DiskSpool spool = open()) {
      add(spool, 3);
    }
    Path stray = dir.resolve("spool").resolve(String.format("%020d.seg", 2));
    Files.writeString(stray, "this is not a segment");

    try (DiskSpool spool = open()) {
      spool.sync();
      assertThat(sequences(spool.after(0, 100, 1 << 20))).containsExactly(1L, 2L, 3L);
    }
    assertThat(dir.resolve("spool").resolve(stray.getFileName() + ".corrupt")).exists();
  }

  @Test
  @SuppressWarnings("try") // the first spool only has to hold the state dir
  void aSecondSpoolOnTheSameStateDir_isRefused() {
    try (DiskSpool spool = open()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another agent");
    }
  }

  private DiskSpool open() {
    return DiskSpool.open(dir, MAX, SEGMENT);
  }

  private static void add(Outbox outbox, int n) {
    for (int i = 0; i < n; i++) outbox.add(Sample.newBuilder().setAgentId("a1").setRegion("tokyo").setEtag("\"e\""));
  }

  private List<Path> segments() {
    try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
      return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long directoryBytes() {
    return segments().stream().mapToLong(f -> f.toFile().length()).sum();
  }

  private static void append(Path file, ByteBuffer bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
      channel.write(bytes);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().equals("lock")) continue;
        Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    }
  }

  static List<Long> sequences(List<Sample> samples) {
    return samples.stream().map(Sample::getSequence).toList();
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
