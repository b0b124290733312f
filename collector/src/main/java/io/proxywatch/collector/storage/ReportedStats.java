package io.proxywatch.collector.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest counters an agent reported in its stream, as of {@code reportedAt}. {@code lastAck} is how long
 * before that the collector had last acknowledged anything, null when nothing was acknowledged since its start.
 */
public record ReportedStats(Instant reportedAt, long spoolSamples, long spoolBytes, long samplesDropped,
                            long probesDone, long probesSkipped, Duration lastAck) {
  public ReportedStats {
    Objects.requireNonNull(reportedAt, "reportedAt");
  }
}
