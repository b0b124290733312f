package io.proxywatch.agent.spool;

import io.proxywatch.proto.v1.Sample;
import java.util.List;

/**
 * Samples produced but not yet acknowledged by the collector, in sequence order. The outbox assigns the
 * sequence number, so storage order and sequence order are the same thing. Implementations are
 * thread-safe and bounded; what they drop when full is counted in {@link #dropped()}. A sample is
 * offered by {@link #after} only once it is stored as durably as the implementation promises.
 */
public interface Outbox extends AutoCloseable {
  /** Assigns the next sequence number to {@code sample}, keeps it, and returns it as stored. */
  Sample add(Sample.Builder sample);

  /** Up to {@code maxCount} samples above {@code sequence}, oldest first, at most about {@code maxBytes}. */
  List<Sample> after(long sequence, int maxCount, int maxBytes);

  /** Forgets every sample at or below {@code sequence} (the collector has it); returns how many. */
  int release(long sequence);

  /**
   * Makes sure samples added from now on get sequence numbers above {@code sequence}; returns true if
   * the counter was below it (which means this agent's state was lost or is shared).
   */
  boolean continueAfter(long sequence);

  /** Number of samples held. */
  int size();

  /** Bytes the samples held take where they are kept (on disk: the spool's files); 0 where not measured. */
  default long bytes() {
    return 0;
  }

  /** Samples discarded unsent or unacknowledged because the outbox was full. */
  long dropped();

  /** Called (on an internal thread, so it must be quick) when added samples become available to {@link #after}. */
  void onAdd(Runnable listener);

  @Override
  void close();
}
