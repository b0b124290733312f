package io.proxywatch.collector.alerting;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The alerting tests' set-up, registered with {@code @RegisterExtension static}: a migrated database of the class's
 * own, opened before its first test and closed after its last, and notifiers built on it.
 */
final class OutboxFixture implements BeforeAllCallback, AfterAllCallback {
  private HikariDataSource db;

  @Override
  public void beforeAll(ExtensionContext context) {
    db = Fixtures.migratedDatabase();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    db.close();
  }

  HikariDataSource db() {
    return db;
  }

  /** A notifier on this database, leading while {@code leader} says so. */
  Alerting start(AlertingConfig config, MeterRegistry meters, BooleanSupplier leader) {
    return Alerting.create(config, db, meters, Clock.systemUTC(), leader, List::of);
  }
}
