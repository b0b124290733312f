package io.proxywatch.collector.ingest;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Optional;

/**
 * One agent's clock offset, measured NTP-style over the stream's own Ack/SampleBatch round trips: of the last
 * {@value #WINDOW} exchanges, the one with the smallest round trip wins, since queueing only ever adds delay and
 * makes the estimate worse. Exchanges whose times cannot be (a clock stepped mid-way, a missing time) are dropped.
 */
final class ClockOffset {
  static final int WINDOW = 8;

  /** collector minus agent clock, and the round trip it was measured over, in microseconds. */
  record Estimate(long offsetMicros, long roundTripMicros) {}

  private final ArrayDeque<Estimate> recent = new ArrayDeque<>();

  /**
   * t1 agent sent the batch, t2 collector received it, t3 collector sent its Ack, t4 agent received that (t1, t4 on
   * the agent's clock). Returns the best estimate so far, or empty while there is none.
   */
  synchronized Optional<Estimate> record(long t1, long t2, long t3, long t4) {
    long roundTrip = (t4 - t1) - (t3 - t2);
    if (t1 != 0 && t2 != 0 && t3 >= t2 && t4 >= t1 && roundTrip >= 0) {
      recent.addLast(new Estimate(((t2 - t1) + (t3 - t4)) / 2, roundTrip));
      if (recent.size() > WINDOW) recent.removeFirst();
    }
    return recent.stream().min(Comparator.comparingLong(Estimate::roundTripMicros));
  }
}
