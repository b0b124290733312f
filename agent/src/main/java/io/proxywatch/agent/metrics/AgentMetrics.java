package io.proxywatch.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proxywatch.common.ProbeLabels;
import io.proxywatch.proto.v1.AgentStats;
import io.proxywatch.proto.v1.SampleOrBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's meters, all named {@code proxywatch_agent_*}: probes by region, endpoint, proxy and outcome and their
 * TTFB (recorded as each sample is produced), and the counters the stream also carries ({@link AgentStats}), read
 * when scraped. Meters are cached per label set, so a probe costs two map lookups.
 */
public final class AgentMetrics {
  private record Key(String region, String endpoint, String proxy, String outcome) {}

  private record Meters(Counter probes, Timer ttfb) {}

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProbeLabels labels = new ProbeLabels();
  private final Map<Key, Meters> meters = new ConcurrentHashMap<>();
  /** Held here: meters keep only a weak reference to what they read. */
  private final Supplier<AgentStats> stats;

  /** {@code stats}: the agent's counters now, read at each scrape. */
  public AgentMetrics(String agentId, String region, String version, Supplier<AgentStats> stats) {
    this.stats = stats;
    // promtool refuses process_cpu_time_ns_total (an abbreviated unit) and system_cpu_count (a _count suffix).
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"));
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("proxywatch_agent_identity", () -> 1).strongReference(true).description("Always 1; labels name the agent, its region and version")
        .tags("agent_id", agentId, "region", region, "version", version).register(registry);
    counter("proxywatch_agent_probes_done", "Probes finished, successful or failed", stats, AgentStats::getProbesDone);
    counter("proxywatch_agent_probes_skipped", "Probes skipped because the target's previous probe still ran",
        stats, AgentStats::getProbesSkipped);
    counter("proxywatch_agent_samples_dropped", "Samples dropped unacknowledged because the spool was full",
        stats, AgentStats::getSamplesDropped);
    gauge("proxywatch_agent_spool_samples", "Samples in the spool waiting for the collector's acknowledgement", null,
        stats, s -> s.getSpoolSamples());
    gauge("proxywatch_agent_spool_bytes", "Bytes the spool's files take", "bytes", stats, s -> s.getSpoolBytes());
    gauge("proxywatch_agent_last_ack_age_seconds", "Seconds since the collector last acknowledged samples (NaN: never)",
        null, stats, s -> s.hasLastAckAgeMicros() ? s.getLastAckAgeMicros() / 1e6 : Double.NaN);
  }

  /** Counts one produced sample (called once per probe, on the probe's thread). */
  public void probe(SampleOrBuilder sample) {
    Key key = new Key(labels.region(sample.getRegion()), ProbeLabels.endpoint(sample.getTarget().getEndpoint().name()),
        labels.proxy(sample.getTarget().getProxy()), ProbeLabels.outcome(sample.getHttpStatus(), sample.getErrorClass().name()));
    Meters m = meters.computeIfAbsent(key, this::register);
    m.probes().increment();
    if (sample.getTimings().hasTtfbMicros()) m.ttfb().record(sample.getTimings().getTtfbMicros(), TimeUnit.MICROSECONDS);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  private Meters register(Key key) {
    Tags tags = Tags.of("region", key.region(), "endpoint", key.endpoint(), "proxy", key.proxy(), "outcome", key.outcome());
    return new Meters(
        Counter.builder("proxywatch_agent_probes").description("Probes by region, endpoint class, proxy and outcome")
            .tags(tags).register(registry),
        Timer.builder("proxywatch_agent_probe_ttfb").description("Time to first byte of this agent's probes")
            .serviceLevelObjectives(ProbeLabels.TTFB_BUCKETS.toArray(Duration[]::new)).tags(tags).register(registry));
  }

  private void counter(String name, String help, Supplier<AgentStats> stats, java.util.function.ToLongFunction<AgentStats> f) {
    FunctionCounter.builder(name, stats, s -> f.applyAsLong(s.get())).description(help).register(registry);
  }

  private void gauge(String name, String help, String unit, Supplier<AgentStats> stats,
                     java.util.function.ToDoubleFunction<AgentStats> f) {
    Gauge.builder(name, stats, s -> f.applyAsDouble(s.get())).description(help).baseUnit(unit).strongReference(true)
        .register(registry);
  }
}
