package io.proxywatch.collector;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One migrated database for a whole test class ({@link TestDatabase#migrated}), its pool open from before the first
 * test to after the last: {@code @RegisterExtension static final MigratedDatabase db = new MigratedDatabase();}.
 * Fixtures that build on the database extend it.
 */
public class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {
  private HikariDataSource pool;

  @Override
  public final void beforeAll(ExtensionContext context) {
    pool = TestDatabase.migrated();
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    if (pool != null) pool.close();
  }

  public final HikariDataSource pool() {
    return pool;
  }
}
