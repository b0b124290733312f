package io.proxywatch.collector;

import io.proxywatch.collector.alerting.AlertingConfig;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.collector.retention.RetentionPolicy;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.collector.watch.WatchConfig;
import java.util.Objects;

/**
 * Everything a running collector needs; validated by the CLI before it gets here. Port 0 picks a free port. The
 * defaults are written here once, as the options write them; the command line shows and applies these texts.
 */
public record CollectorConfig(DbSettings db, String bindHost, int grpcPort, int httpPort, int writerQueueBatches,
                              int maxSamplesPerTransaction, DivergencePolicy divergence, AlertingConfig alerting,
                              String publicUrl, SecurityConfig security, RetentionPolicy retention,
                              WatchConfig watching, Operations ops) {
  public static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/proxywatch";
  public static final String DEFAULT_DB_POOL_SIZE = "10";
  public static final String DEFAULT_GRPC_PORT = "7443";
  public static final String DEFAULT_HTTP_PORT = "8080";
  public static final String DEFAULT_BIND = "0.0.0.0";
  /** Batches waiting for the writer before agents are held back. */
  public static final int WRITER_QUEUE_BATCHES = 4096;
  /** The most samples the writer groups into one transaction. */
  public static final int MAX_SAMPLES_PER_TRANSACTION = 5000;
  /**
   * Writer lanes, each with its own transaction in flight: while one waits for the database to finish its COPY and
   * commit, the other streams; agents are spread over them by id.
   */
  public static final int WRITER_LANES = 2;

  public CollectorConfig {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(divergence, "divergence");
    Objects.requireNonNull(alerting, "alerting");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(watching, "watching");
    Objects.requireNonNull(ops, "ops");
  }

  public CollectorConfig withSecurity(SecurityConfig value) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction,
        divergence, alerting, publicUrl, value, retention, watching, ops);
  }

  public CollectorConfig withDivergence(DivergencePolicy policy) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction, policy,
        alerting, publicUrl, security, retention, watching, ops);
  }

  public CollectorConfig withAlerting(AlertingConfig channels) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction,
        divergence, channels, publicUrl, security, retention, watching, ops);
  }

  public CollectorConfig withWatching(WatchConfig value) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction,
        divergence, alerting, publicUrl, security, retention, value, ops);
  }

  public CollectorConfig withOps(Operations value) {
    return new CollectorConfig(db, bindHost, grpcPort, httpPort, writerQueueBatches, maxSamplesPerTransaction,
        divergence, alerting, publicUrl, security, retention, watching, value);
  }

  /** Defaults for everything but the database and ports; no TLS and no tokens (tests, trusted loopback). */
  public static CollectorConfig of(DbSettings db, int grpcPort, int httpPort) {
    return new CollectorConfig(db, DEFAULT_BIND, grpcPort, httpPort, WRITER_QUEUE_BATCHES, MAX_SAMPLES_PER_TRANSACTION,
        DivergencePolicy.defaults(), AlertingConfig.none(), "", SecurityConfig.open(), RetentionPolicy.DEFAULT,
        WatchConfig.manualOnly(), Operations.immediate());
  }
}
