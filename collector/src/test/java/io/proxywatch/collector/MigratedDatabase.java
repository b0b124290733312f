package io.proxywatch.collector;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One migrated database for a whole test class ({@link TestDatabase#migrated}), its pool open from before the first
 * test to after the last: {@code @RegisterExtension static final MigratedDatabase db = new MigratedDatabase();}.
 */
public final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {
  private HikariDataSource pool;

  @Override
  public void beforeAll(ExtensionContext context) {
    pool = TestDatabase.migrated();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pool != null) pool.close();
  }

  public HikariDataSource pool() {
    return pool;
  }
}
