package io.proxywatch.agent.probe;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.conscrypt.AllocatedBuffer;
import org.conscrypt.BufferAllocator;

/**
 * Conscrypt's direct buffers, kept for the next connection instead of one new pair per TLS connection. Unpooled, each
 * probe's connection allocates ~16 KiB of direct memory (the engine socket's decrypted-bytes buffer and the engine's
 * own) that only a garbage collection returns; at a few hundred probes a second that fills the agent's small
 * {@code -XX:MaxDirectMemorySize} within seconds and every allocation past it forces a full collection
 * ({@code System.gc()} inside the JDK's direct-memory reservation), a pause a probe in flight reports as time to first
 * byte. At most {@value #KEPT_PER_SIZE} free buffers of each size are kept, so the pool never holds more than what that
 * many connections at once need; a buffer released twice goes back once.
 */
final class PooledDirectBuffers extends BufferAllocator {
  static final int KEPT_PER_SIZE = 32;

  private final Map<Integer, Queue<ByteBuffer>> free = new ConcurrentHashMap<>();

  @Override
  public AllocatedBuffer allocateDirectBuffer(int capacity) {
    Queue<ByteBuffer> sized = free.computeIfAbsent(capacity, c -> new ArrayBlockingQueue<>(KEPT_PER_SIZE));
    ByteBuffer buffer = sized.poll();
    if (buffer == null) buffer = ByteBuffer.allocateDirect(capacity);
    buffer.clear();
    return new Lent(buffer, sized);
  }

  /** Not on the probes' path (the engine socket asks only for direct buffers): a plain heap buffer each time. */
  @Override
  public AllocatedBuffer allocateHeapBuffer(int capacity) {
    return AllocatedBuffer.wrap(ByteBuffer.allocate(capacity));
  }

  /** Free buffers kept now, of every size (for tests). */
  int kept() {
    return free.values().stream().mapToInt(Queue::size).sum();
  }

  private static final class Lent extends AllocatedBuffer {
    private final ByteBuffer buffer;
    private final Queue<ByteBuffer> home;
    private final AtomicBoolean released = new AtomicBoolean();

    Lent(ByteBuffer buffer, Queue<ByteBuffer> home) {
      this.buffer = buffer;
      this.home = home;
    }

    @Override
    public ByteBuffer nioBuffer() {
      return buffer;
    }

    @Override
    public AllocatedBuffer release() {
      if (released.compareAndSet(false, true)) home.offer(buffer);
      return this;
    }
  }
}
