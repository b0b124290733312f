package io.proxywatch.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** Counters for what the ingest streams see; bad input is counted here and logged only at DEBUG. */
final class IngestMetrics {
  final Counter received;
  final Counter rejected;
  final Counter badMessages;
  final Counter batches;
  final AtomicInteger openStreams;

  IngestMetrics(MeterRegistry meters) {
    received = Counter.builder("proxywatch_samples_received").description("Samples received from agents, before validation").register(meters);
    rejected = Counter.builder("proxywatch_samples_rejected").description("Samples dropped because they broke the ingest contract (acknowledged, not stored)").register(meters);
    badMessages = Counter.builder("proxywatch_ingest_bad_messages").description("Agent messages that did not parse and were skipped").register(meters);
    batches = Counter.builder("proxywatch_ingest_batches").description("Sample batches received from agents").register(meters);
    openStreams = new AtomicInteger();
    Gauge.builder("proxywatch_ingest_open_streams", openStreams, AtomicInteger::get)
        .description("Agent ingest streams open now").register(meters);
  }
}
