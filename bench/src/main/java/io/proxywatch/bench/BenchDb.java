package io.proxywatch.bench;

import io.proxywatch.testkit.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.DbSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Databases of the benchmarks' own, next to the project's database on the same server. */
public final class BenchDb {
  private final String baseUrl;

  public BenchDb(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The base JDBC URL with its database name replaced. */
  public String url(String database) {
    return TestDatabases.withDatabase(baseUrl, database);
  }

  public DbSettings settings(String database, int poolSize) {
    return new DbSettings(url(database), null, null, poolSize);
  }

  /** Drops (if present) and creates the database, then applies the collector's migrations. */
  public void fresh(String database) throws SQLException {
    TestDatabases.drop(baseUrl, database);
    try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    migrate(database);
  }

  /** Drops the database (if present), its sessions ended first. */
  public void drop(String database) throws SQLException {
    TestDatabases.drop(baseUrl, database);
  }

  /** Creates the database when missing, keeps it otherwise; applies the migrations either way. */
  public void ensure(String database) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
      if (!rs.next()) s.execute("CREATE DATABASE " + database);
    }
    migrate(database);
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database));
  }

  private void migrate(String database) {
    try (HikariDataSource pool = Database.pool(settings(database, 2), "bench-migrate")) {
      Database.migrate(pool);
    }
  }
}
