package io.proxywatch.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line: bad options exit 2 with a message naming the option; migrate applies the schema. */
class ITCollectorMain {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    return run(System.getenv(), args);
  }

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CollectorMain.commandLine(env);
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
      "serve --probe-interval 0s|--probe-interval: expected a duration >= 1s, got \"0s\"",
      "serve --mutable-grace soon|--mutable-grace: expected a duration like 500ms, 90s, 1h30m or 1d, got \"soon\"",
      "serve --divergence-cooldown 1h1h|--divergence-cooldown: expected a duration like 500ms, 90s, 1h30m or 1d, got \"1h1h\"",
      "serve --evaluation-interval -1s|--evaluation-interval: expected a duration >= 0s, got \"-1s\"",
      "serve --immutable-rounds 0|--immutable-rounds: expected 1-100, got \"0\"",
      "serve --tls-cert /nonexistent.pem --tls-key /nonexistent.key|--tls-cert: expected a readable file, got \"/nonexistent.pem\"",
      "serve --api-rate-limit 0|--api-rate-limit: expected 0.1-100000, got \"0.0\"",
      "serve --tls-reload-interval 100ms|--tls-reload-interval: expected a duration from 1s to 1d, got \"100ms\"",
      "serve --tls-reload-interval 1d1s|--tls-reload-interval: expected a duration from 1s to 1d, got \"1d1s\"",
      "serve --tls-reload-interval often|--tls-reload-interval: expected a duration like 500ms, 90s, 1h30m or 1d, got \"often\"",
      "agents|a subcommand is required: add, list or revoke",
      "agents add --region tokyo|Missing required option: '--agent-id=<agentId>'",
      "serve --quorum-regions 0|--quorum-regions: expected 1-100, got \"0\"",
      "serve --region-failure-share 1.5|--region-failure-share: expected a share above 0 and at most 1, like 0.5, got \"1.5\"",
      "serve --region-failure-duration soon|--region-failure-duration: expected a duration like 500ms, 90s, 1h30m or 1d, got \"soon\"",
      "serve --retention 1h|--retention: expected a duration from 1d to 36500d, got \"1h\"",
      "serve --retention 30d --rollup-retention 7d|--rollup-retention: expected at least --retention (30d), got \"7d\"",
      "serve --alert-routes-file /nonexistent.yaml|--alert-routes-file: /nonexistent.yaml: cannot read \"/nonexistent.yaml\": no such file",
      "silences|a subcommand is required: add, list, update or remove",
  })
  void badOption_exits2_namingTheOptionAndValue(String args, String message) {
    Run run = run(args.split(" "));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(message);
    assertThat(run.err()).doesNotContain("Exception");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PROXYWATCH_GRPC_PORT|70000|--grpc-port: expected a port from 0 to 65535, got \"70000\"",
      "PROXYWATCH_PROBE_INTERVAL|1h1h|--probe-interval: expected a duration like 500ms, 90s, 1h30m or 1d, got \"1h1h\"",
      "PROXYWATCH_WEBHOOK_URLS|ftp://x|--webhook-url: expected an http(s) URL, got \"ftp://x\"",
      "PROXYWATCH_TLS_RELOAD_INTERVAL|2d|--tls-reload-interval: expected a duration from 1s to 1d, got \"2d\"",
  })
  void environmentVariables_areReadAsTheirOptions(String variable, String value, String message) {
    Run run = run(Map.of(variable, value), "serve");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  void silences_areAddedListedChangedAndRemoved_andABadFieldNamesItsOption() {
    String db = TestDatabase.fresh().url();
    Run bad = run("silences", "add", "--db-url", db, "--region", "Tokyo", "--duration", "2h", "--author", "ops");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--region: expected 1-64 of [a-z0-9-], got \"Tokyo\"");
    Run added = run("silences", "add", "--db-url", db, "--region", "tokyo", "--duration", "2h", "--author", "ops",
        "--comment", "edge maintenance");
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out()).contains("ACTIVE").contains("region=tokyo").contains("edge maintenance");
    String id = added.out().trim().split("\\s+")[0];
    assertThat(run("silences", "update", "--db-url", db, "--id", id, "--ends-at", "2020-01-01T00:00:00Z").err())
        .contains("--ends-at: expected a time after starts_at");
    assertThat(run("silences", "update", "--db-url", db, "--id", id, "--region", "frankfurt").out()).contains("region=frankfurt");
    assertThat(run("silences", "list", "--db-url", db).out()).contains("region=frankfurt");
    assertThat(run("silences", "remove", "--db-url", db, "--id", id).out()).contains("removed silence " + id);
    assertThat(run("silences", "remove", "--db-url", db, "--id", id).exit()).isEqualTo(1);
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
    List<Integer> versions;
    try (var files = java.nio.file.Files.list(io.proxywatch.testkit.RepoRoot.path().resolve("migrations"))) {
      versions = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).toList();
    }
    int latest = versions.stream().max(Integer::compare).orElseThrow();
    assertThat(first.out()).contains("schema at version " + latest + " (" + versions.size() + " migrations applied)");
    Run second = run("migrate", "--db-url", db.url());
    assertThat(second.out()).contains("(0 migrations applied)");
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'samples'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void agents_addPrintsATokenOnce_listNeverShowsIt_revokeRevokes() throws Exception {
    DbSettings db = TestDatabase.fresh();
    Run add = run("agents", "add", "--db-url", db.url(), "--agent-id", "tokyo-1", "--region", "tokyo");
    assertThat(add.exit()).as(add.err()).isZero();
    String token = add.out().trim();
    assertThat(token).startsWith("pwa_").hasSizeGreaterThan(40);
    Run list = run("agents", "list", "--db-url", db.url());
    assertThat(list.out()).contains("tokyo-1").contains("tokyo").doesNotContain(token);
    assertThat(run("agents", "add", "--db-url", db.url(), "--agent-id", "bad id", "--region", "tokyo").err())
        .contains("agent id: expected");
    assertThat(run("agents", "revoke", "--db-url", db.url(), "--agent-id", "tokyo-1").exit()).isZero();
    assertThat(run("agents", "list", "--db-url", db.url()).out()).contains("REVOKED");
    assertThat(run("agents", "revoke", "--db-url", db.url(), "--agent-id", "tokyo-1").exit()).isEqualTo(1);
    Run api = run("api-tokens", "add", "--db-url", db.url(), "--name", "grafana", "--role", "read");
    assertThat(api.out().trim()).startsWith("pwr_");
    assertThat(run("api-tokens", "add", "--db-url", db.url(), "--name", "x", "--role", "root").err()).contains("role: expected read or admin");
  }

  @Test
  void unreachableDatabase_failsMigrateWithAMessage() {
    Run run = run("migrate", "--db-url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("migrate:");
  }
}
