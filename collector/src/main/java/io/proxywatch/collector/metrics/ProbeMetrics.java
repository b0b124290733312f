package io.proxywatch.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.proxywatch.common.ProbeLabels;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Probe results as Prometheus series, counted on the writer thread once samples are committed (so a replay is
 * never counted twice): {@code proxywatch_probes_total} and {@code proxywatch_probe_ttfb_seconds}, labelled by
 * region, endpoint, proxy and outcome only. Meters are cached per label set, so a sample costs two map lookups and no string work.
 */
public final class ProbeMetrics implements Consumer<List<Sample>> {
  /** The labels as they come (enums, a status class), so a sample costs no string work; turned into text once per key. */
  private record Key(String region, EndpointKind endpoint, String proxy, ErrorClass error, int statusClass) {}

  private record Meters(Counter probes, Timer ttfb) {}

  private final MeterRegistry registry;
  private final ProbeLabels labels = new ProbeLabels();
  private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

  public ProbeMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void accept(List<Sample> committed) {
    for (Sample sample : committed) record(sample);
  }

  private void record(Sample sample) {
    Key key = new Key(labels.region(sample.getRegion()), sample.getTarget().getEndpoint(),
        labels.proxy(sample.getTarget().getProxy()), sample.getErrorClass(), Math.min(sample.getHttpStatus() / 100, 5));
    Meters m = meters.computeIfAbsent(key, this::register);
    m.probes().increment();
    if (sample.getTimings().hasTtfbMicros()) m.ttfb().record(sample.getTimings().getTtfbMicros(), TimeUnit.MICROSECONDS);
  }

  private Meters register(Key key) {
    Tags tags = Tags.of("region", key.region(), "endpoint", ProbeLabels.endpoint(key.endpoint().name()), "proxy", key.proxy(),
        "outcome", ProbeLabels.outcome(key.statusClass() * 100, key.error().name()));
    return new Meters(
        Counter.builder("proxywatch_probes").description("Probe samples stored, by region, endpoint class, proxy and outcome")
            .tags(tags).register(registry),
        Timer.builder("proxywatch_probe_ttfb").description("Time to first byte of stored probe samples")
            .serviceLevelObjectives(ProbeLabels.TTFB_BUCKETS.toArray(Duration[]::new)).tags(tags).register(registry));
  }
}
