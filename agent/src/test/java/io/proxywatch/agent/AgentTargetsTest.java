package io.proxywatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.targets.TargetSetFile;
import io.proxywatch.agent.verify.TinySumDb;
import io.proxywatch.agent.verify.VerifyConfig;
import io.proxywatch.proto.v1.CheckRequest;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.HostPin;
import io.proxywatch.proto.v1.ProbeSpec;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.TargetSet;
import io.proxywatch.proto.v1.VerificationOutcome;
import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTargetsTest {
  @TempDir
  Path state;
  HttpServer proxy;
  final List<String> requested = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    proxy = AgentTest.goProxy();
    proxy.createContext("/example.com/pushed", exchange -> {
      requested.add(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
  }

  @AfterEach
  void tearDown() {
    proxy.stop(0);
  }

  @Test
  void aPushedSet_isProbedWithinASecond_throughItsPins_andACheckIsAnsweredWithItsId() throws Exception {
    try (var collector = new RecordingCollector(); Agent agent = Agent.start(config(collector.address()).build())) {
      await().until(() -> collector.stored.size() >= 1);

      long pushedAt = System.nanoTime();
      collector.push(targets(set(3, spec("http://pushed.test", EndpointKind.ENDPOINT_KIND_LIST, 1_000_000))));
      await().atMost(Duration.ofSeconds(1)).until(() -> pushedSamples(collector).size() >= 1);
      assertThat((System.nanoTime() - pushedAt) / 1_000_000).isLessThan(1_000);
      Sample pushed = pushedSamples(collector).get(0);
      assertThat(pushed.getTarget().getProxy()).isEqualTo("http://pushed.test");
      assertThat(pushed.getRemoteAddress()).isEqualTo("127.0.0.1:" + proxy.getAddress().getPort());
      assertThat(pushed.getHttpStatus()).isEqualTo(200);
      assertThat(agent.targetSetVersion()).isEqualTo(3);
      assertThat(Files.exists(state.resolve(TargetSetFile.NAME))).isTrue();

      collector.push(CollectorMessage.newBuilder().setCheck(CheckRequest.newBuilder().setId("chk-1")
          .addTargets(spec(base(), EndpointKind.ENDPOINT_KIND_INFO, 0).toBuilder().setVersion("v1.0.0"))).build());
      await().atMost(Duration.ofSeconds(2)).until(() -> collector.stored.stream().anyMatch(s -> s.getCheckId().equals("chk-1")));
      assertThat(collector.hellos).hasSize(1);
    }
  }

  @Test
  void hostileSets_areRejectedOrTrimmed_andTheStreamLivesOn() throws Exception {
    try (var collector = new RecordingCollector(); Agent agent = Agent.start(config(collector.address()).build())) {
      await().until(() -> collector.stored.size() >= 1);
      TargetSet tooManyPins = set(4, spec(base(), EndpointKind.ENDPOINT_KIND_LIST, 1_000_000)).toBuilder()
          .addAllPins(IntStream.range(0, 65).mapToObj(i -> HostPin.newBuilder().setHostPort("h" + i + ".test:80")
              .setAddressPort("127.0.0.1:1").build()).toList()).build();
      TargetSet tooMany = TargetSet.newBuilder().setVersion(5).addAllTargets(IntStream.range(0, 100_001)
          .mapToObj(i -> spec(base(), EndpointKind.ENDPOINT_KIND_LIST, 1_000_000)).toList()).build();
      collector.push(targets(tooManyPins));
      collector.push(targets(tooMany));
      collector.push(CollectorMessage.newBuilder().setCheck(CheckRequest.newBuilder().setId("bad id!")).build());
      collector.push(targets(TargetSet.newBuilder().setVersion(6)
          .addTargets(spec("ftp://x", EndpointKind.ENDPOINT_KIND_LIST, 1_000_000))
          .addTargets(spec("http://u:p@x", EndpointKind.ENDPOINT_KIND_LIST, 1_000_000))
          .addTargets(spec(base(), EndpointKind.ENDPOINT_KIND_LIST, 999_999))
          .addTargets(spec(base(), EndpointKind.ENDPOINT_KIND_UNSPECIFIED, 1_000_000))
          .addTargets(spec(base(), EndpointKind.ENDPOINT_KIND_LIST, 1_000_000).toBuilder().setModule("Example.com/X"))
          .addTargets(spec(base(), EndpointKind.ENDPOINT_KIND_MOD, 1_000_000).toBuilder().setVersion("1.0"))
          .addTargets(spec("x".repeat(2000), EndpointKind.ENDPOINT_KIND_LIST, 1_000_000))
          .addTargets(spec(base(), EndpointKind.ENDPOINT_KIND_LIST, 1_000_000))
          .addPins(HostPin.newBuilder().setHostPort("nonsense")).build()));

      await().atMost(Duration.ofSeconds(2)).until(() -> agent.targetSetVersion() == 6);
      await().atMost(Duration.ofSeconds(2)).until(() -> requested.contains("/example.com/pushed/@v/list"));
      int before = collector.stored.size();
      await().atMost(Duration.ofSeconds(3)).until(() -> collector.stored.size() > before + 2);
      assertThat(requested).containsOnly("/example.com/pushed/@v/list");
      assertThat(collector.hellos).hasSize(1);
    }
  }

  @Test
  void anAgentStartedWhileTheCollectorIsUnreachable_probesThePersistedSet() throws Exception {
    try (var collector = new RecordingCollector(); Agent agent = Agent.start(config(collector.address()).build())) {
      collector.push(waitForStream(collector, targets(set(9, spec(base(), EndpointKind.ENDPOINT_KIND_LIST, 1_000_000)))));
      await().until(() -> agent.targetSetVersion() == 9);
    }
    requested.clear();

    try (Agent agent = Agent.start(config("127.0.0.1:" + Ports.free()).build())) {
      assertThat(agent.targetSetVersion()).isEqualTo(9);
      await().atMost(Duration.ofSeconds(3)).until(() -> requested.size() >= 2);
    }
  }

  @Test
  void aCorruptPersistedSet_isIgnored_andTheLocalTargetsAreProbed() throws Exception {
    Files.write(state.resolve(TargetSetFile.NAME), new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});
    try (var collector = new RecordingCollector(); Agent agent = Agent.start(config(collector.address()).build())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> collector.stored.size() >= 2);
      assertThat(agent.targetSetVersion()).isZero();
    }
  }

  @Test
  @SuppressWarnings("try") // the agent only has to run
  void aGoSumDbPushedWithTheSet_isWhatAnAgentOnTheDefaultVerifiesAgainst() throws Exception {
    try (TinySumDb db = new TinySumDb(); var collector = new RecordingCollector();
         Agent agent = Agent.start(config(collector.address()).build(), VerifyConfig.against(GoSumDb.DEFAULT))) {
      collector.push(waitForStream(collector, targets(TargetSet.newBuilder().setVersion(3).setGosumdb(db.vkey + " "
          + db.url()).addTargets(ProbeSpec.newBuilder().setProxy(db.url()).setModule(TinySumDb.MODULE)
          .setVersion(TinySumDb.VERSION).setEndpoint(EndpointKind.ENDPOINT_KIND_MOD).setIntervalMicros(1_000_000))
          .build())));
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.stream().anyMatch(s -> s.hasVerification()
          && s.getVerification().getOutcome() == VerificationOutcome.VERIFICATION_OUTCOME_VERIFIED));
    }
  }

  private CollectorMessage waitForStream(RecordingCollector collector, CollectorMessage message) {
    await().until(() -> collector.hellos.size() == 1 && !collector.stored.isEmpty());
    return message;
  }

  private List<Sample> pushedSamples(RecordingCollector collector) {
    return collector.stored.stream().filter(s -> s.getTarget().getModule().equals("example.com/pushed")).toList();
  }

  private TargetSet set(long version, ProbeSpec spec) {
    return TargetSet.newBuilder().setVersion(version).addTargets(spec).addPins(HostPin.newBuilder()
        .setHostPort("pushed.test:80").setAddressPort("127.0.0.1:" + proxy.getAddress().getPort())).build();
  }

  private static CollectorMessage targets(TargetSet set) {
    return CollectorMessage.newBuilder().setTargets(set).build();
  }

  private static ProbeSpec spec(String proxy, EndpointKind endpoint, long intervalMicros) {
    return ProbeSpec.newBuilder().setProxy(proxy).setModule("example.com/pushed").setEndpoint(endpoint)
        .setIntervalMicros(intervalMicros).build();
  }

  private String base() {
    return "http://127.0.0.1:" + proxy.getAddress().getPort();
  }

  private AgentConfigBuilder config(String collector) {
    return AgentConfig.builder().region("tokyo").agentId("agent-test").collector(collector).proxy(base())
        .module("example.com/hello@v1.0.0").endpoints(Endpoint.MOD).interval(Duration.ofMillis(500))
        .timeout(Duration.ofSeconds(2)).stateDir(state);
  }
}
