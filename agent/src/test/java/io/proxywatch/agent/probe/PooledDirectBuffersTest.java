package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.conscrypt.AllocatedBuffer;
import org.junit.jupiter.api.Test;

class PooledDirectBuffersTest {
  private final PooledDirectBuffers pool = new PooledDirectBuffers();

  @Test
  void aReleasedBuffer_isLentAgain_clearedAndDirect() {
    AllocatedBuffer first = pool.allocateDirectBuffer(16_709);
    ByteBuffer buffer = first.nioBuffer();
    assertThat(buffer.isDirect()).isTrue();
    assertThat(buffer.capacity()).isEqualTo(16_709);
    buffer.put((byte) 1).flip();
    first.release();

    ByteBuffer again = pool.allocateDirectBuffer(16_709).nioBuffer();
    assertThat(again).isSameAs(buffer);
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(16_709);
    assertThat(pool.allocateDirectBuffer(1_024).nioBuffer().capacity()).as("another size, another buffer").isEqualTo(1_024);
  }

  @Test
  void aBufferReleasedTwice_goesBackOnce_andAStaleReleaseCannotReturnItWhileLentAgain() {
    AllocatedBuffer lent = pool.allocateDirectBuffer(512);
    lent.release();
    lent.release();
    assertThat(pool.kept()).isEqualTo(1);
    AllocatedBuffer again = pool.allocateDirectBuffer(512);
    lent.release();
    assertThat(pool.kept()).as("the old loan's release does not hand back what is lent again").isZero();
    again.release();
    assertThat(pool.kept()).isEqualTo(1);
  }

  @Test
  void atMostTheCapIsKeptPerSize() {
    List<AllocatedBuffer> lent = new ArrayList<>();
    for (int i = 0; i < PooledDirectBuffers.KEPT_PER_SIZE + 10; i++) lent.add(pool.allocateDirectBuffer(256));
    lent.forEach(AllocatedBuffer::release);
    assertThat(pool.kept()).isEqualTo(PooledDirectBuffers.KEPT_PER_SIZE);
  }
}
