package io.proxywatch.collector.auth;

import static io.proxywatch.collector.TestSamples.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.cli.CollectorMain;
import io.proxywatch.collector.storage.DbSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Tokens handed out by a deployment (mounted Secrets) are known to the collector from its start, and the file
 * stays their source of truth.
 */
class ITTokenFiles {
  static final String AGENT_TOKEN = "k8s-secret-agent-token-0123456789abcdef";
  static final String READ_TOKEN = "k8s-secret-read-token-0123456789abcdef00";

  @Test
  void tokensFromFiles_letTheAgentAndTheReaderIn() throws Exception {
    Path dir = Files.createTempDirectory("proxywatch-tokens-");
    Path agents = Files.writeString(dir.resolve("agents"), "# agent-id region token\ntokyo-1 tokyo " + AGENT_TOKEN + "\n");
    Path api = Files.writeString(dir.resolve("api"), "grafana read " + READ_TOKEN + "\n");
    CollectorConfig config = CollectorConfig.of(TestDatabase.fresh(), 0, 0)
        .withSecurity(SecurityConfig.open().requiringTokens().withTokenFiles(Optional.of(agents), Optional.of(api)));
    try (Collector collector = Collector.start(config)) {
      try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), AGENT_TOKEN)) {
        client.hello("tokyo-1", "tokyo").next();
        assertThat(client.batch(range("tokyo-1", "tokyo", 1, 2)).next().getAck().getHighestSequence()).isEqualTo(2);
      }
      try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), READ_TOKEN)) {
        assertThat(client.hello("tokyo-1", "tokyo").closedWith().getCode()).as("an API token is no agent token")
            .isEqualTo(Status.Code.UNAUTHENTICATED);
      }
      HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + collector.httpPort() + "/api/v1/agents"))
          .header("Authorization", "Bearer " + READ_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anEntryRemovedFromTheFile_isRevokedAtTheNextStart_whileCommandAddedTokensStay() throws Exception {
    Path dir = Files.createTempDirectory("proxywatch-tokens-");
    String osakaToken = "k8s-secret-osaka-token-0123456789abcdef";
    Path agents = Files.writeString(dir.resolve("agents"),
        "tokyo-1 tokyo " + AGENT_TOKEN + "\nosaka-1 osaka " + osakaToken + "\n");
    Path api = Files.writeString(dir.resolve("api"), "grafana read " + READ_TOKEN + "\n");
    DbSettings db = TestDatabase.fresh();
    CollectorConfig config = CollectorConfig.of(db, 0, 0)
        .withSecurity(SecurityConfig.open().requiringTokens().withTokenFiles(Optional.of(agents), Optional.of(api)));
    String cliToken;
    try (Collector collector = Collector.start(config)) {
      assertThat(welcomed(collector, osakaToken, "osaka-1", "osaka")).isTrue();
    }
    cliToken = cli("agents", "add", "--db-url", db.url(), "--agent-id", "berlin-1", "--region", "berlin").trim();
    Instant tokyoEnrolled = createdAt(db, "tokyo-1");

    Files.writeString(agents, "tokyo-1 tokyo " + AGENT_TOKEN + "\n");
    Files.writeString(api, "# nobody reads any more\n");
    try (Collector collector = Collector.start(config)) {
      assertThat(rejection(collector, osakaToken, "osaka-1", "osaka")).as("removed from the file")
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(welcomed(collector, AGENT_TOKEN, "tokyo-1", "tokyo")).as("still in the file").isTrue();
      assertThat(welcomed(collector, cliToken, "berlin-1", "berlin")).as("added by a command, not the file's").isTrue();
      assertThat(get(collector, "/api/v1/agents", READ_TOKEN)).as("API token removed from its file").isEqualTo(401);
    }
    assertThat(createdAt(db, "tokyo-1")).as("an unchanged entry keeps its enrolment time").isEqualTo(tokyoEnrolled);
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT agent_id, source, revoked_at IS NOT NULL FROM agent_tokens ORDER BY agent_id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2) + " " + (rs.getBoolean(3) ? "revoked" : "active"));
      assertThat(rows).containsExactly("berlin-1 manual active", "osaka-1 file revoked", "tokyo-1 file active");
    }
  }

  @Test
  void aNameOrATokenListedTwice_isRefused_namingTheLines() throws Exception {
    Path dir = Files.createTempDirectory("proxywatch-tokens-");
    Path sameName = Files.writeString(dir.resolve("same-name"),
        "tokyo-1 tokyo " + AGENT_TOKEN + "\n\ntokyo-1 osaka " + AGENT_TOKEN.replace('0', 'x') + "\n");
    Path sameToken = Files.writeString(dir.resolve("same-token"),
        "tokyo-1 tokyo " + AGENT_TOKEN + "\nosaka-1 osaka " + AGENT_TOKEN + "\n");
    assertThat(run("serve", "--agent-tokens-file", sameName.toString()))
        .contains(sameName + ":3: agent id tokyo-1 is already on line 1");
    assertThat(run("serve", "--agent-tokens-file", sameToken.toString()))
        .contains(sameToken + ":2: the same token as line 1").doesNotContain(AGENT_TOKEN);
  }

  private static boolean welcomed(Collector collector, String token, String agentId, String region) throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), token)) {
      return client.hello(agentId, region).next().hasWelcome();
    }
  }

  private static Status.Code rejection(Collector collector, String token, String agentId, String region) throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort(), token)) {
      return client.hello(agentId, region).closedWith().getCode();
    }
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CollectorMain.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    assertThat(cmd.execute(args)).as(err.toString()).isZero();
    return out.toString();
  }

  private static int get(Collector collector, String path, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static Instant createdAt(DbSettings db, String agentId) throws Exception {
    try (Connection c = TestDatabase.connect(db);
         PreparedStatement s = c.prepareStatement("SELECT created_at FROM agent_tokens WHERE agent_id = ?")) {
      s.setString(1, agentId);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getTimestamp(1).toInstant();
      }
    }
  }

  @Test
  void aWeakOrMalformedTokenFile_isRefusedAtStart_withoutEchoingTheToken() throws Exception {
    Path dir = Files.createTempDirectory("proxywatch-tokens-");
    Path weak = Files.writeString(dir.resolve("weak"), "tokyo-1 tokyo hunter2\n");
    Path malformed = Files.writeString(dir.resolve("malformed"), "tokyo-1 " + AGENT_TOKEN + "\n");
    String weakError = run("serve", "--db-url", TestDatabase.fresh().url(), "--agent-tokens-file", weak.toString(),
        "--grpc-port", "0", "--http-port", "0");
    assertThat(weakError).contains("token: expected 32-256 printable characters").doesNotContain("hunter2");
    String malformedError = run("serve", "--agent-tokens-file", malformed.toString());
    assertThat(malformedError).contains(malformed + ":1: expected 3 fields").doesNotContain(AGENT_TOKEN);
  }

  private static String run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cmd = CollectorMain.commandLine();
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    assertThat(exit).isNotZero();
    return err.toString();
  }
}
