package io.proxywatch.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line: bad options exit 2 with a message naming the option; migrate applies the schema. */
class ITCollectorMain {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CollectorMain.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "serve --grpc-port 70000|--grpc-port: expected a port from 0 to 65535, got \"70000\"",
      "serve --http-port -1|--http-port: expected a port from 0 to 65535, got \"-1\"",
      "serve --http-port eighty|'eighty' is not an int",
      "serve --db-url mysql://x|--db-url: expected a jdbc:postgresql: URL, got \"mysql://x\"",
      "serve --db-pool-size 1|--db-pool-size: expected 2-200, got \"1\"",
      "serve --no-such-option|Unknown option: '--no-such-option'",
      "frobnicate|Unmatched argument at index 0: 'frobnicate'",
      "serve --probe-interval 0s|--probe-interval: expected a duration >= 1000ms, got \"0s\"",
      "serve --mutable-grace soon|--mutable-grace: expected a duration like 500ms, 30s, 5m, 1h, got \"soon\"",
      "serve --immutable-rounds 0|--immutable-rounds: expected 1-100, got \"0\"",
  })
  void badOption_exits2_namingTheOptionAndValue(String args, String message) {
    Run run = run(args.split(" "));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(message);
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void badDbUrl_neverEchoesThePassword() {
    Run run = run("serve", "--db-url", "mysql://x?password=hunter2");
    assertThat(run.err()).doesNotContain("hunter2").contains("password=***");
  }

  @Test
  void migrate_appliesTheSchemaOnce() throws Exception {
    DbSettings db = TestDatabase.fresh();
    Run first = run("migrate", "--db-url", db.url());
    assertThat(first.exit()).as(first.err()).isZero();
    long migrations;
    try (var files = java.nio.file.Files.list(io.proxywatch.collector.RepoRoot.path().resolve("migrations"))) {
      migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
    assertThat(first.out()).contains("schema at version " + migrations + " (" + migrations + " migrations applied)");
    Run second = run("migrate", "--db-url", db.url());
    assertThat(second.out()).contains("(0 migrations applied)");
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'samples'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void unreachableDatabase_failsMigrateWithAMessage() {
    Run run = run("migrate", "--db-url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("migrate:");
  }
}
