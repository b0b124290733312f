package io.proxywatch.collector.ingest;

import io.proxywatch.collector.storage.ReportedStats;
import io.proxywatch.proto.v1.AgentStats;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters one stream's agent sends with its batches ({@code SampleBatch.stats}), stored on the blocking pool
 * at most every {@link #STORE_EVERY}, so a busy agent costs one upsert per 10 s, not one per batch. A report with a
 * negative count is hostile input: counted as a bad message and dropped. Confined to the stream's callbacks.
 */
final class StatsReports {
  private static final Logger logger = LoggerFactory.getLogger(StatsReports.class);
  static final Duration STORE_EVERY = Duration.ofSeconds(10);

  private final AgentStream.Dependencies deps;
  private Instant storedAt = Instant.MIN;

  StatsReports(AgentStream.Dependencies deps) {
    this.deps = deps;
  }

  void offer(String agentId, AgentStats stats) {
    if (!valid(stats)) {
      deps.metrics().badMessages.increment();
      logger.debug("agent {}: ignored stats with a negative count: {}", agentId, stats);
      return;
    }
    Instant now = deps.clock().instant();
    if (now.isBefore(storedAt.plus(STORE_EVERY))) return;
    storedAt = now;
    ReportedStats report = report(now, stats);
    deps.blocking().execute(() -> store(agentId, report));
  }

  private void store(String agentId, ReportedStats report) {
    try {
      deps.registry().reportStats(agentId, report);
    } catch (Exception e) {
      logger.debug("agent {}: storing its stats failed: {}", agentId, e.toString());
    }
  }

  private static boolean valid(AgentStats s) {
    return s.getSpoolSamples() >= 0 && s.getSpoolBytes() >= 0 && s.getSamplesDropped() >= 0 && s.getProbesDone() >= 0
        && s.getProbesSkipped() >= 0 && (!s.hasLastAckAgeMicros() || s.getLastAckAgeMicros() >= 0);
  }

  private static ReportedStats report(Instant now, AgentStats s) {
    Duration lastAck = s.hasLastAckAgeMicros() ? Duration.of(s.getLastAckAgeMicros(), ChronoUnit.MICROS) : null;
    return new ReportedStats(now, s.getSpoolSamples(), s.getSpoolBytes(), s.getSamplesDropped(), s.getProbesDone(),
        s.getProbesSkipped(), lastAck);
  }
}
