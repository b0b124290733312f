package io.proxywatch.collector.storage;

import io.proxywatch.proto.v1.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one commit stored: its probe samples (replays and verification records left out), and when the database
 * received them ({@code samples.received_at}, the transaction's {@code now()}), so a reader can judge them on the
 * same trusted clock as a query would.
 */
public record CommittedSamples(List<Sample> samples, Instant receivedAt) {
  public CommittedSamples {
    samples = List.copyOf(samples);
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
