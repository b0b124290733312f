package io.proxywatch.collector.divergence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * When each region's latest answer of a target stops being fresh, in one-second buckets ordered by time: an evaluation
 * takes only the buckets that are due. Entries are never removed when an answer is replaced; a popped entry is checked
 * against the answer it names ({@link RegionAnswer#indexedSecond}), so a stale one costs a look-up and nothing else.
 */
final class DeadlineIndex {
  private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
  private long entries;

  /** Files entry {@code (row, region)} under the second its deadline falls in; returns that second. */
  long add(int row, int region, long deadlineNanos) {
    long second = Math.floorDiv(deadlineNanos, 1_000_000_000L);
    buckets.computeIfAbsent(second, s -> new Bucket()).add(((long) row << 16) | region);
    entries++;
    return second;
  }

  /**
   * Removes every bucket up to and including {@code lastSecond}, then hands each entry to {@code due} with its second;
   * what {@code due} files again lands in a bucket of its own, taken next time.
   */
  void takeDue(long lastSecond, Due due) {
    List<Map.Entry<Long, Bucket>> taken = new ArrayList<>();
    while (!buckets.isEmpty() && buckets.firstKey() <= lastSecond) taken.add(buckets.pollFirstEntry());
    for (Map.Entry<Long, Bucket> bucket : taken) {
      entries -= bucket.getValue().size;
      bucket.getValue().forEach(entry -> due.at(bucket.getKey(), (int) (entry >>> 16), (int) (entry & 0xFFFF)));
    }
  }

  long entries() {
    return entries;
  }

  void clear() {
    buckets.clear();
    entries = 0;
  }

  @FunctionalInterface
  interface Due {
    void at(long second, int row, int region);
  }

  private static final class Bucket {
    long[] items = new long[16];
    int size;

    void add(long item) {
      if (size == items.length) items = Arrays.copyOf(items, size * 2);
      items[size++] = item;
    }

    void forEach(LongConsumer action) {
      for (int i = 0; i < size; i++) action.accept(items[i]);
    }
  }
}
