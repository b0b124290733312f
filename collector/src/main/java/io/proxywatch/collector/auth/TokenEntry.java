package io.proxywatch.collector.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * One enrolled token, never its secret: the agent id or API token name, its region or role, when it was made,
 * when it was revoked (empty while valid), and where it came from ({@code manual} or {@code file}).
 */
public record TokenEntry(String name, String scope, Instant createdAt, Optional<Instant> revokedAt, String source) {}
