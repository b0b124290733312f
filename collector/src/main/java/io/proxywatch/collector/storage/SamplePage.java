package io.proxywatch.collector.storage;

import java.util.List;
import java.util.Optional;

/** A page of samples, newest first, and where the next page starts (empty on the last page). */
public record SamplePage(List<StoredSample> samples, Optional<SampleCursor> next) {
  public SamplePage {
    samples = List.copyOf(samples);
  }
}
