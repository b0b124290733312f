package io.proxywatch.bench.ingest;

import io.proxywatch.bench.Stats;
import java.util.ArrayList;
import java.util.List;

/** Ack latencies (nanoseconds) recorded while {@link #recording} is on. */
final class LatencyRecorder {
  private final List<Long> nanos = new ArrayList<>();
  volatile boolean recording;

  synchronized void record(long latencyNanos) {
    if (recording) nanos.add(latencyNanos);
  }

  synchronized Stats millis() {
    return Stats.of(nanos.stream().mapToDouble(n -> n / 1e6).toArray());
  }
}
