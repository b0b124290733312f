package io.proxywatch.collector.auth;

import static io.proxywatch.collector.TestSamples.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.IngestClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.cli.CollectorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Tokens handed out by a deployment (mounted Secrets) are known to the collector from its start. */
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
      try (IngestClient client = new IngestClient(collector.grpcPort(), AGENT_TOKEN)) {
        client.hello("tokyo-1", "tokyo").next();
        assertThat(client.batch(range("tokyo-1", "tokyo", 1, 2)).next().getAck().getHighestSequence()).isEqualTo(2);
      }
      try (IngestClient client = new IngestClient(collector.grpcPort(), READ_TOKEN)) {
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
