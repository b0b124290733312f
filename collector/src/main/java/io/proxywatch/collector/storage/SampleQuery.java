package io.proxywatch.collector.storage;

import java.time.Instant;
import java.util.Optional;

/** Filters for listing samples, newest first; every field but limit is optional. */
public record SampleQuery(Optional<String> region, Optional<String> module, Optional<String> endpoint,
                          Optional<String> url, Optional<Instant> from, Optional<Instant> to, int limit,
                          Optional<SampleCursor> after) {}
