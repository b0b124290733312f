package io.proxywatch.agent.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * What the prober needs from the agent's configuration.
 *
 * @param keepAlive pool connections between probes instead of opening a fresh one per probe
 */
public record ProbeSettings(
    Duration timeout,
    long maxBodyBytes,
    boolean keepAlive,
    int concurrency,
    TrustMaterial trust,
    String userAgent) {
  public ProbeSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(userAgent, "userAgent");
  }
}
