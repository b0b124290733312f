package io.proxywatch.collector;

import io.proxywatch.collector.storage.DbSettings;
import java.util.Objects;

/** Everything a running collector needs; validated by the CLI before it gets here. Port 0 picks a free port. */
public record CollectorConfig(DbSettings db, String bindHost, int grpcPort, int httpPort, int writerQueueBatches,
                              int maxSamplesPerTransaction) {
  public CollectorConfig {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(bindHost, "bindHost");
  }

  /** Defaults for everything but the database and ports. */
  public static CollectorConfig of(DbSettings db, int grpcPort, int httpPort) {
    return new CollectorConfig(db, "0.0.0.0", grpcPort, httpPort, 4096, 5000);
  }
}
