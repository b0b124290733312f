package io.proxywatch.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The test databases on a real TimescaleDB: the server named by PROXYWATCH_TEST_DB_URL, or else the local one
 * scripts/timescaledb.sh provisions and starts. {@link #create()} makes an empty database named
 * {@code pw_test_<pid>_<random>}. After each test class {@link DropTestDatabases} hands what was made to a
 * background thread that drops it (a DROP DATABASE takes seconds on a busy machine; the tests need not wait); what
 * is left when the JVM exits is dropped then, and the pid in the name lets scripts/test.sh drop what a killed run
 * left behind.
 */
public final class TestDatabases {
  /** Prefix of every database made here; scripts/test.sh relies on it and on the pid after it. */
  public static final String PREFIX = "pw_test_";
  private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
  private static final ExecutorService DROPPER = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "test-database-dropper");
    thread.setDaemon(true);
    return thread;
  });
  private static String adminUrl;
  private static boolean dropAtExit;

  private TestDatabases() {}

  /** The JDBC URL of a new, empty database, dropped when this JVM exits. */
  public static synchronized String create() {
    String admin = adminUrl();
    String name = PREFIX + ProcessHandle.current().pid() + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    if (!dropAtExit) {
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAtExit, "test-database-exit-dropper"));
      dropAtExit = true;
    }
    execute(admin, "CREATE DATABASE " + name);
    CREATED.add(name);
    return withDatabase(admin, name);
  }

  /** {@code url} naming {@code database} instead of its own. */
  public static String withDatabase(String url, String database) {
    return url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
  }

  /** The URL of the server's proxywatch database, starting the local server first when none is configured. */
  public static synchronized String adminUrl() {
    if (adminUrl == null) {
      String configured = System.getenv("PROXYWATCH_TEST_DB_URL");
      adminUrl = configured != null && !configured.isBlank() ? configured : script("start", Map.of());
    }
    return adminUrl;
  }

  /**
   * Drops {@code database} on the server of {@code url} if it exists, its sessions ended first. TimescaleDB's
   * background workers may connect again for a moment, so it tries again for up to 10 s.
   */
  public static void drop(String url, String database) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND usename = current_user AND pid <> pg_backend_pid()");
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        return;
      } catch (SQLException e) {
        if (attempt == 20) throw e;
        sleep(Duration.ofMillis(500));
      }
    }
  }

  /**
   * Runs scripts/timescaledb.sh COMMAND with extra environment (PROXYWATCH_PG_PORT for another instance)
   * and returns the last line it printed on stdout: the JDBC URL for start and url.
   */
  public static String script(String command, Map<String, String> env) {
    String out = ChildProcess.stdout(List.of("bash", RepoRoot.script("timescaledb.sh").toString(), command), env,
        Duration.ofMinutes(15)).trim();
    String[] lines = out.split("\n");
    return lines[lines.length - 1].trim();
  }

  /** Drops every database made so far, in the background. */
  static void dropLater() {
    for (String name : List.copyOf(CREATED)) {
      CREATED.remove(name);
      DROPPER.execute(() -> dropQuietly(name));
    }
  }

  private static void dropAtExit() {
    dropLater();
    DROPPER.shutdown();
    try {
      DROPPER.awaitTermination(100, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void dropQuietly(String name) {
    try {
      drop(adminUrl, name);
    } catch (SQLException e) {
      System.err.println("test database " + name + " was not dropped: " + e.getMessage());
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
