package io.proxywatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.testkit.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent tokens and TLS against a real gRPC server (Netty, port 0) with certificates made by keytool. */
class CollectorSecurityTest {
  @TempDir
  static Path certs;
  static TestCertificates server;
  static TestCertificates other;
  static TestCertificates client;

  @TempDir
  Path state;

  @BeforeAll
  static void certificates() throws Exception {
    server = TestCertificates.generate(certs, "server");
    other = TestCertificates.generate(certs, "other");
    client = TestCertificates.generate(certs, "client");
  }

  @Test
  void theToken_arrivesAsBearerMetadata_overVerifiedTls() throws Exception {
    TokenCheck tokens = new TokenCheck("Bearer pwa_tokyo");
    try (var collector = new RecordingCollector(0, tls(), tokens);
        Agent agent = Agent.start(config(collector).collectorCa(server.pem()).token("pwa_tokyo").build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.size() >= 2);

      assertThat(tokens.seen).isNotEmpty().containsOnly("Bearer pwa_tokyo");
      assertThat(agent.counters().samplesAcked()).isPositive();
    }
  }

  @Test
  void aRefusedToken_keepsTheAgentProbingAndSpooling_andEverythingArrivesOnceTheFileIsFixed() throws Exception {
    Path tokenFile = Files.writeString(state.resolve("token"), "pwa_wrong\n");
    TokenCheck tokens = new TokenCheck("Bearer pwa_right");
    try (var collector = new RecordingCollector(0, InsecureServerCredentials.create(), tokens);
        Agent agent = Agent.start(config(collector).token("pwa_ignored").tokenFile(tokenFile).build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !tokens.seen.isEmpty() && agent.counters().probesDone() >= 3);
      assertThat(tokens.seen).containsOnly("Bearer pwa_wrong"); // the file wins over --token
      assertThat(collector.hellos).isEmpty();
      assertThat(agent.counters().outboxSize()).isGreaterThanOrEqualTo(3);

      Files.writeString(tokenFile, "pwa_right\n"); // an operator fixes the token: no restart needed
      await().atMost(Duration.ofSeconds(20)).until(() -> collector.stored.size() >= 6);
      assertThat(collector.stored).extracting(Sample::getSequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, collector.stored.size()).boxed().toList());
      assertThat(agent.counters().samplesDropped()).isZero();
    }
  }

  @Test
  void aCollectorCertificateFromAnotherCa_failsTheHandshake_andTheAgentKeepsSpooling() throws Exception {
    try (var collector = new RecordingCollector(0, tls());
        Agent agent = Agent.start(config(collector).collectorCa(other.pem()).build())) {
      assertSpoolsWithoutAStream(collector, agent);
    }
  }

  @Test
  void aCertificateForAnotherHostName_isRefused() throws Exception {
    try (var collector = new RecordingCollector(0, tls());
        Agent agent = Agent.start(config(collector).collector("127.0.0.2:" + collector.port())
            .collectorCa(server.pem()).build())) { // the certificate names 127.0.0.1 and localhost only
      assertSpoolsWithoutAStream(collector, agent);
    }
  }

  @Test
  void plaintextToATlsCollector_failsCleanly_andTheAgentKeepsSpooling() throws Exception {
    try (var collector = new RecordingCollector(0, tls());
        Agent agent = Agent.start(config(collector).build())) {
      assertSpoolsWithoutAStream(collector, agent);
    }
  }

  @Test
  @SuppressWarnings("try") // the agent with the certificate only has to run
  void mutualTls_presentsTheClientCertificate_whichTheCollectorRequires() throws Exception {
    ServerCredentials mutual = TlsServerCredentials.newBuilder().keyManager(server.keyManagers())
        .trustManager(client.pem().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
    try (var collector = new RecordingCollector(0, mutual)) {
      try (Agent without = Agent.start(config(collector).collectorCa(server.pem()).stateDir(state.resolve("a")).build())) {
        assertSpoolsWithoutAStream(collector, without);
      }
      try (Agent agent = Agent.start(config(collector).collectorCa(server.pem())
          .clientCert(client.pem(), client.keyPem()).stateDir(state.resolve("b")).build())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.size() >= 2);
      }
    }
  }

  /**
   * A client certificate renewed on disk is presented at the next reconnect without restarting the agent, and
   * what it spooled meanwhile is delivered. grpc-util re-reads the files once a minute, so this test takes one.
   */
  @Test
  void aRenewedClientCertificate_isUsedWithoutARestart() throws Exception {
    ServerCredentials mutual = TlsServerCredentials.newBuilder().keyManager(server.keyManagers())
        .trustManager(client.pem().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
    Path cert = state.resolve("tls.crt");
    Path key = state.resolve("tls.key");
    Files.copy(other.pem(), cert);
    Files.copy(other.keyPem(), key);
    try (var collector = new RecordingCollector(0, mutual);
        Agent agent = Agent.start(config(collector).collectorCa(server.pem()).clientCert(cert, key)
            .stateDir(state.resolve("renewal")).build())) {
      assertSpoolsWithoutAStream(collector, agent);

      Files.copy(client.pem(), state.resolve("tls.crt.new"));
      Files.copy(client.keyPem(), state.resolve("tls.key.new"));
      Files.move(state.resolve("tls.key.new"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(state.resolve("tls.crt.new"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      await().atMost(Duration.ofSeconds(120)).until(() -> collector.stored.size() >= 4);
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.counters().outboxSize() <= 1);
      assertThat(agent.counters().samplesDropped()).isZero();
    }
  }

  private static void assertSpoolsWithoutAStream(RecordingCollector collector, Agent agent) {
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.counters().probesDone() >= 4);
    AgentCounters counters = agent.counters();
    assertThat(collector.hellos).isEmpty();
    assertThat(counters.samplesSent()).isZero();
    assertThat(counters.outboxSize()).isGreaterThanOrEqualTo(4);
    assertThat(counters.samplesDropped()).isZero();
  }

  private static ServerCredentials tls() throws Exception {
    return TlsServerCredentials.newBuilder().keyManager(server.keyManagers()).build();
  }

  private AgentConfigBuilder config(RecordingCollector collector) throws IOException {
    return AgentConfig.builder().region("tokyo").agentId("agent-sec").collector(collector.address())
        .proxy("http://127.0.0.1:" + Ports.free()).module("example.com/hello@v1.0.0").endpoints(Endpoint.MOD)
        .interval(Duration.ofMillis(300)).timeout(Duration.ofSeconds(2)).stateDir(state);
  }


  /** The collector's token check: lets a stream in only with an accepted authorization header. */
  static final class TokenCheck implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    final List<String> seen = new CopyOnWriteArrayList<>();
    private final Set<String> accepted;

    TokenCheck(String... accepted) {
      this.accepted = Set.of(accepted);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String authorization = String.valueOf(headers.get(AUTHORIZATION));
      seen.add(authorization);
      if (accepted.contains(authorization)) return next.startCall(call, headers);
      call.close(Status.UNAUTHENTICATED.withDescription("unknown or revoked agent token"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
  }
}
