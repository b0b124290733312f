package io.proxywatch.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {
  @TempDir
  Path dir;

  @Test
  void startsAtOneAndIncreases() {
    try (SequenceStore store = SequenceStore.open(dir, 10)) {
      assertThat(store.next()).isEqualTo(1);
      assertThat(store.next()).isEqualTo(2);
      assertThat(store.next()).isEqualTo(3);
    }
  }

  @Test
  void reservesAheadInBlocks_notPerNumber() throws Exception {
    try (SequenceStore store = SequenceStore.open(dir, 10)) {
      store.next();
      assertThat(Files.readString(dir.resolve(SequenceStore.FILE)).trim()).isEqualTo("10");
      for (int i = 0; i < 9; i++) store.next();
      assertThat(Files.readString(dir.resolve(SequenceStore.FILE)).trim()).isEqualTo("10");
      store.next();
      assertThat(Files.readString(dir.resolve(SequenceStore.FILE)).trim()).isEqualTo("20");
    }
  }

  @Test
  void reopening_continuesAboveEverythingHandedOut_acceptingAGap() {
    try (SequenceStore store = SequenceStore.open(dir, 10)) {
      store.next();
      store.next();
    }
    try (SequenceStore store = SequenceStore.open(dir, 10)) {
      assertThat(store.next()).isEqualTo(11);
    }
  }

  @Test
  void skipPast_movesTheNextNumberAboveIt() {
    try (SequenceStore store = SequenceStore.open(dir, 10)) {
      store.next();
      store.skipPast(41);
      assertThat(store.next()).isEqualTo(42);
      store.skipPast(5);
      assertThat(store.next()).isEqualTo(43);
    }
    try (SequenceStore store = SequenceStore.open(dir, 10)) {
      assertThat(store.next()).isGreaterThan(43);
    }
  }

  @Test
  void aSecondStoreOnTheSameDirectory_isRefused() {
    try (SequenceStore store = SequenceStore.open(dir, 10)) {
      assertThat(store.peek()).isEqualTo(1);
      assertThatThrownBy(() -> SequenceStore.open(dir, 10))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--state-dir").hasMessageContaining("in use");
    }
  }

  @Test
  void aCorruptCounter_isReportedNotReset() throws Exception {
    Files.writeString(dir.resolve(SequenceStore.FILE), "garbage");
    assertThatThrownBy(() -> SequenceStore.open(dir, 10)).hasMessageContaining("corrupt sequence file");
  }
}
