package io.proxywatch.collector.api;

import io.proxywatch.collector.storage.ReportedStats;
import io.vertx.core.json.JsonObject;

/** The {@code stats} member of an agent in {@code /api/v1/agents}: null until the agent reported any. */
final class AgentStatsJson {
  private AgentStatsJson() {}

  static JsonObject of(ReportedStats s) {
    if (s == null) return null;
    return new JsonObject()
        .put("reported_at", DivergenceJson.text(s.reportedAt()))
        .put("spool_samples", s.spoolSamples())
        .put("spool_bytes", s.spoolBytes())
        .put("samples_dropped", s.samplesDropped())
        .put("probes_done", s.probesDone())
        .put("probes_skipped", s.probesSkipped())
        .put("last_ack_age_seconds", s.lastAck() == null ? null : s.lastAck().toMillis() / 1000.0);
  }
}
