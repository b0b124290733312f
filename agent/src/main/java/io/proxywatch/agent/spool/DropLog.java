package io.proxywatch.agent.spool;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts samples the spool had to give up and says so at WARN, at most once per {@link #WARN_EVERY_NANOS}:
 * how many since the last line, which sequences, and the total. The collector sees the same numbers as a gap.
 */
final class DropLog {
  private static final Logger logger = LoggerFactory.getLogger(DiskSpool.class);
  static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final LongSupplier nanoTime;
  private long total;
  private long pending;
  private long from = Long.MAX_VALUE;
  private long to;
  private long lastWarn;

  DropLog(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.lastWarn = nanoTime.getAsLong() - WARN_EVERY_NANOS;
  }

  /** {@code count} samples between sequences {@code first} and {@code last} are gone, for {@code reason}. */
  void dropped(long count, long first, long last, String reason) {
    total += count;
    pending += count;
    from = Math.min(from, first);
    to = Math.max(to, last);
    long now = nanoTime.getAsLong();
    if (now - lastWarn < WARN_EVERY_NANOS) return;
    logger.warn("{}: dropped {} unacknowledged samples, sequences {}-{} ({} since start); the collector will "
        + "see them as missing", reason, pending, from, to, total);
    pending = 0;
    from = Long.MAX_VALUE;
    to = 0;
    lastWarn = now;
  }

  long total() {
    return total;
  }
}
