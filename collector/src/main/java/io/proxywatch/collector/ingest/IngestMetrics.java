package io.proxywatch.collector.ingest;

import io.micrometer.core.instrument.Counter;
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
    received = meters.counter("proxywatch_samples_received");
    rejected = meters.counter("proxywatch_samples_rejected");
    badMessages = meters.counter("proxywatch_ingest_bad_messages");
    batches = meters.counter("proxywatch_ingest_batches");
    openStreams = meters.gauge("proxywatch_ingest_open_streams", new AtomicInteger());
  }
}
