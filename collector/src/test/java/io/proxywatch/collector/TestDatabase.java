package io.proxywatch.collector;

import io.proxywatch.collector.storage.DbSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real TimescaleDB for tests: the one named by PROXYWATCH_TEST_DB_URL, or else the local one that
 * scripts/timescaledb.sh provisions and starts. Each call to {@link #fresh()} creates an empty database,
 * so test classes never see each other's rows.
 */
public final class TestDatabase {
  private static String adminUrl;

  private TestDatabase() {}

  /** Settings for a new, empty database (the schema is applied by the collector at start). */
  public static synchronized DbSettings fresh() {
    String url = adminUrl();
    String name = "pw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + DbSettings.redact(url) + ": " + e.getMessage(), e);
    }
    return new DbSettings(url.replaceFirst("/proxywatch(\\?|$)", "/" + name + "$1"), "", "", 8);
  }

  public static Connection connect(DbSettings settings) throws SQLException {
    return DriverManager.getConnection(settings.url());
  }

  private static String adminUrl() {
    if (adminUrl == null) {
      String configured = System.getenv("PROXYWATCH_TEST_DB_URL");
      adminUrl = configured != null && !configured.isBlank() ? configured : startLocal();
    }
    return adminUrl;
  }

  private static String startLocal() {
    return script("start", Map.of());
  }

  /**
   * Runs scripts/timescaledb.sh COMMAND with extra environment (PROXYWATCH_PG_PORT for another instance)
   * and returns the last line it printed on stdout: the JDBC URL for start and url.
   */
  public static String script(String command, Map<String, String> env) {
    Path script = RepoRoot.path().resolve("scripts/timescaledb.sh");
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString(), command))
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().putAll(env);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(script + " " + command + " " + env + " failed with exit " + process.exitValue());
      }
      String[] lines = out.split("\n");
      return lines[lines.length - 1].trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script + " " + command, e);
    }
  }

}
