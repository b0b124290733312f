package io.proxywatch.collector.watch;

import java.time.Instant;
import java.util.Optional;

/** A module version the index reported, when, and when every watching region had it (empty while propagating). */
public record Release(String module, String version, Instant indexTime, Optional<Instant> propagatedAt) {}
