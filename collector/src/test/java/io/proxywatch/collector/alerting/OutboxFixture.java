package io.proxywatch.collector.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.MigratedDatabase;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The alerting tests' set-up, registered with {@code @RegisterExtension static}: a migrated database of the class's
 * own, opened before its first test and closed after its last, and notifiers built on it.
 */
final class OutboxFixture extends MigratedDatabase {
  /** A notifier on this database, leading while {@code leader} says so. */
  Alerting start(AlertingConfig config, MeterRegistry meters, BooleanSupplier leader) {
    return Alerting.create(config, pool(), meters, Clock.systemUTC(), leader, List::of);
  }
}
