package io.proxywatch.agent.spool;

import io.proxywatch.proto.v1.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbox in memory, holding at most {@code capacity} samples; when full it drops the oldest and says so
 * at WARN, at most once per {@link #WARN_EVERY_NANOS}. Lost on restart: a disk spool replaces it later.
 */
public final class MemoryOutbox implements Outbox {
  private static final Logger logger = LoggerFactory.getLogger(MemoryOutbox.class);
  static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final SequenceStore sequences;
  private final int capacity;
  private final NavigableMap<Long, Sample> samples = new TreeMap<>();
  private volatile Runnable listener = () -> {};
  private long dropped;
  private long droppedSinceWarn;
  private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;

  public MemoryOutbox(SequenceStore sequences, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    this.sequences = sequences;
    this.capacity = capacity;
  }

  @Override
  public Sample add(Sample.Builder builder) {
    Sample sample;
    synchronized (this) {
      sample = builder.setSequence(sequences.next()).build();
      if (samples.size() >= capacity) dropOldest();
      samples.put(sample.getSequence(), sample);
    }
    listener.run();
    return sample;
  }

  private void dropOldest() {
    samples.pollFirstEntry();
    dropped++;
    droppedSinceWarn++;
    long now = System.nanoTime();
    if (now - lastWarnNanos >= WARN_EVERY_NANOS) {
      logger.warn("outbox full ({} samples): dropped {} oldest unacknowledged samples ({} in total)",
          capacity, droppedSinceWarn, dropped);
      droppedSinceWarn = 0;
      lastWarnNanos = now;
    }
  }

  @Override
  public synchronized List<Sample> after(long sequence, int maxCount, int maxBytes) {
    List<Sample> out = new ArrayList<>(Math.min(maxCount, samples.size()));
    long bytes = 0;
    for (Sample sample : samples.tailMap(sequence, false).values()) {
      bytes += sample.getSerializedSize();
      if (out.size() == maxCount || (!out.isEmpty() && bytes > maxBytes)) break;
      out.add(sample);
    }
    return out;
  }

  @Override
  public synchronized int release(long sequence) {
    Map<Long, Sample> acked = samples.headMap(sequence, true);
    int count = acked.size();
    acked.clear();
    return count;
  }

  @Override
  public boolean continueAfter(long sequence) {
    return sequences.skipPast(sequence);
  }

  @Override
  public synchronized int size() {
    return samples.size();
  }

  @Override
  public synchronized long dropped() {
    return dropped;
  }

  @Override
  public void onAdd(Runnable listener) {
    this.listener = listener;
  }

  @Override
  public void close() {
    sequences.close();
  }
}
