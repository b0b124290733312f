package io.proxywatch.collector.api;

import io.proxywatch.collector.storage.AgentStatus;
import io.proxywatch.collector.storage.ReportedStats;
import io.proxywatch.collector.storage.SamplePage;
import io.proxywatch.collector.storage.StatsSeries;
import io.proxywatch.collector.storage.StoredSample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Agents, samples and stats as the REST API shows them (snake_case, ISO-8601 times, nulls kept). */
final class StorageJson {
  private StorageJson() {}

  static JsonObject agents(List<AgentStatus> agents, Map<String, ReportedStats> stats) {
    JsonArray array = new JsonArray();
    agents.forEach(a -> array.add(agent(a).put("stats", AgentStatsJson.of(stats.get(a.agentId())))));
    return new JsonObject().put("agents", array);
  }

  private static JsonObject agent(AgentStatus a) {
    JsonArray gaps = new JsonArray();
    a.recentGaps().forEach(g -> gaps.add(new JsonArray().add(g.first()).add(g.last())));
    return new JsonObject()
        .put("agent_id", a.agentId())
        .put("region", a.region())
        .put("software_version", a.softwareVersion())
        .put("first_seen", DivergenceJson.text(a.firstSeen()))
        .put("last_seen", DivergenceJson.text(a.lastSeen()))
        .put("highest_sequence", a.highestSequence())
        .put("samples_stored", a.samplesStored())
        .put("samples_rejected", a.samplesRejected())
        .put("samples_missing", a.samplesMissing())
        .put("highest_contiguous_sequence", a.highestContiguousSequence())
        .put("gaps", gaps)
        .put("clock_skew_ms", a.clockSkewMs())
        .put("clock_rtt_ms", a.clockRttMs());
  }

  static JsonObject samples(SamplePage page) {
    JsonArray samples = new JsonArray();
    page.samples().forEach(s -> samples.add(sample(s)));
    return new JsonObject().put("samples", samples).put("next_cursor", page.next().map(c -> c.encode()).orElse(null));
  }

  private static JsonObject sample(StoredSample s) {
    return new JsonObject()
        .put("time", DivergenceJson.text(s.time()))
        .put("agent_id", s.agentId())
        .put("sequence", s.sequence())
        .put("region", s.region())
        .put("module", s.module())
        .put("version", s.version())
        .put("endpoint", s.endpoint())
        .put("url", s.url())
        .put("scheduled_at", DivergenceJson.text(s.scheduledAt()))
        .put("method", s.method())
        .put("status", s.status())
        .put("timings_us", new JsonObject().put("dns", s.dnsUs()).put("connect", s.connectUs()).put("tls", s.tlsUs())
            .put("ttfb", s.ttfbUs()).put("total", s.totalUs()))
        .put("etag", s.etag())
        .put("last_modified", s.lastModified())
        .put("cache_control", s.cacheControl())
        .put("location", s.location())
        .put("content_type", s.contentType())
        .put("age_s", s.ageS())
        .put("content_length", s.contentLength())
        .put("edge", s.edge())
        .put("cache_status", s.cacheStatus())
        .put("remote_address", s.remoteAddress())
        .put("http_protocol", s.httpProtocol())
        .put("tls_version", s.tlsVersion())
        .put("content_sha256", s.contentSha256())
        .put("body_bytes", s.bodyBytes())
        .put("error", s.errorClass() == null ? null
            : new JsonObject().put("class", s.errorClass()).put("message", s.errorMessage()));
  }

  static JsonObject stats(StatsSeries series) {
    JsonArray points = new JsonArray();
    series.points().forEach(p -> points.add(new JsonObject()
        .put("region", p.region())
        .put("bucket_start", DivergenceJson.text(p.bucketStart()))
        .put("count", p.count())
        .put("errors", p.errors())
        .put("ttfb_ms", new JsonObject().put("p50", p.p50Ms()).put("p95", p.p95Ms()).put("p99", p.p99Ms()))));
    return new JsonObject().put("from", series.from().toString()).put("to", series.to().toString())
        .put("bucket_seconds", series.bucket().toSeconds()).put("series", points);
  }
}
