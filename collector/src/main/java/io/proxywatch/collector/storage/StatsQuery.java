package io.proxywatch.collector.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Per-region, per-bucket statistics over [from, to). */
public record StatsQuery(Optional<String> region, Optional<String> module, Optional<String> endpoint,
                         Instant from, Instant to, Duration bucket) {}
