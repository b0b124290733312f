package io.proxywatch.collector.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Opens the connection pool and applies the schema; the only place that knows how to reach the database. */
public final class Database {
  private Database() {}

  /**
   * A bounded pool that reconnects by itself when the database comes back; it does not fail at creation
   * when the database is down (initializationFailTimeout -1), so the collector can start first and wait.
   */
  public static HikariDataSource pool(DbSettings settings, String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.url());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
    config.setInitializationFailTimeout(-1);
    config.setDataSourceProperties(settings.connectionProperties(name, Duration.ofSeconds(120)));
    return new HikariDataSource(config);
  }

  /** Applies the migrations shipped in the jar (the repository's top-level migrations/ folder). */
  public static MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .validateMigrationNaming(true)
        .load()
        .migrate();
  }
}
