package io.proxywatch.collector;

import io.proxywatch.collector.alerting.AlertingConfig;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.collector.retention.RetentionPolicy;
import io.proxywatch.collector.storage.DbSettings;
import java.time.Duration;
import java.util.Objects;

/** Everything a running collector needs; validated by the CLI before it gets here. Port 0 picks a free port. */
public record CollectorConfig(DbSettings db, String bindHost, int grpcPort, int httpPort, int writerQueueBatches,
                              int maxSamplesPerTransaction, DivergencePolicy divergence, AlertingConfig alerting,
                              String publicUrl, SecurityConfig security, RetentionPolicy retention) {
  public CollectorConfig {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(divergence, "divergence");
    Objects.requireNonNull(alerting, "alerting");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(retention, "retention");
  }

  public CollectorConfig withSecurity(SecurityConfig value) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction,
        divergence, alerting, publicUrl, value, retention);
  }

  public CollectorConfig withDivergence(DivergencePolicy policy) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction, policy,
        alerting, publicUrl, security, retention);
  }

  public CollectorConfig withAlerting(AlertingConfig channels) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction,
        divergence, channels, publicUrl, security, retention);
  }

  /** Defaults for everything but the database and ports; no TLS and no tokens (tests, trusted loopback). */
  public static CollectorConfig of(DbSettings db, int grpcPort, int httpPort) {
    return new CollectorConfig(db, "0.0.0.0", grpcPort, httpPort, 4096, 5000,
        DivergencePolicy.forProbeInterval(Duration.ofSeconds(30)), AlertingConfig.none(), "", SecurityConfig.open(),
        RetentionPolicy.DEFAULT);
  }
}
