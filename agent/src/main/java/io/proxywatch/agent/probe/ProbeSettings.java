package io.proxywatch.agent.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * What the prober needs from the agent's configuration.
 *
 * @param keepAlive pool connections between probes instead of opening a fresh one per probe
 * @param acceptEncoding what the probes ask for; a gzip answer to GZIP is decoded before hashing
 * @param reach address family, resolver, egress proxy and private-proxy headers
 */
public record ProbeSettings(
    Duration timeout,
    long maxBodyBytes,
    boolean keepAlive,
    int concurrency,
    TrustMaterial trust,
    String userAgent,
    AcceptEncoding acceptEncoding,
    Reach reach) {
  public ProbeSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(acceptEncoding, "acceptEncoding");
    Objects.requireNonNull(reach, "reach");
  }

  /** Asking for gzip, as the go command does, and reaching proxies directly. */
  public ProbeSettings(Duration timeout, long maxBodyBytes, boolean keepAlive, int concurrency, TrustMaterial trust,
      String userAgent) {
    this(timeout, maxBodyBytes, keepAlive, concurrency, trust, userAgent, AcceptEncoding.GZIP, Reach.DIRECT);
  }
}
