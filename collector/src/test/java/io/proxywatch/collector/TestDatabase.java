package io.proxywatch.collector;

import com.zaxxer.hikari.HikariDataSource;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The collector's view of testkit's {@link TestDatabases}: each call to {@link #fresh()} creates an empty
 * database (dropped when the test JVM exits), so test classes never see each other's rows.
 */
public final class TestDatabase {
  private TestDatabase() {}

  /** Settings for a new, empty database (the schema is applied by the collector at start). */
  public static DbSettings fresh() {
    return new DbSettings(TestDatabases.create(), "", "", 8);
  }

  /** A pool (named "test") on a new database with every migration applied. */
  public static HikariDataSource migrated() {
    HikariDataSource pool = Database.pool(fresh(), "test");
    Database.migrate(pool);
    return pool;
  }

  public static Connection connect(DbSettings settings) throws SQLException {
    return DriverManager.getConnection(settings.url());
  }
}
