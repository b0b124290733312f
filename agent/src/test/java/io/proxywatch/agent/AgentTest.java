package io.proxywatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.testkit.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
  @TempDir
  Path state;

  @Test
  void samplesReachTheCollector_numberedFromOne_withTheAgentsIdentity() throws Exception {
    HttpServer proxy = goProxy();
    try (var collector = new RecordingCollector();
        Agent agent = Agent.start(config(collector, "http://127.0.0.1:" + proxy.getAddress().getPort())
            .endpoints(Endpoint.INFO, Endpoint.LIST).build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.size() >= 4);

      assertThat(collector.stored).extracting(Sample::getSequence).startsWith(1L, 2L, 3L, 4L);
      Sample info = collector.stored.stream()
          .filter(s -> s.getTarget().getEndpoint() == EndpointKind.ENDPOINT_KIND_INFO).findFirst().orElseThrow();
      assertThat(info.getAgentId()).isEqualTo("agent-test");
      assertThat(info.getRegion()).isEqualTo("tokyo");
      assertThat(info.getHttpStatus()).isEqualTo(200);
      assertThat(info.getStartedUnixMicros()).isGreaterThanOrEqualTo(info.getScheduledUnixMicros());
      assertThat(collector.hellos.get(0).getSoftwareVersion()).isEqualTo("dev");
      assertThat(collector.hellos.get(0).getAgentTimeUnixMicros())
          .isCloseTo(System.currentTimeMillis() * 1000, org.assertj.core.data.Offset.offset(60_000_000L));
      await().until(() -> agent.counters().samplesAcked() >= 4);
      assertThat(agent.counters().probesDone()).isGreaterThanOrEqualTo(4);
    } finally {
      proxy.stop(0);
    }
  }

  @Test
  void aClosedPort_isRecordedAsConnectErrors_roundAfterRound_atTheConfiguredCadence() throws Exception {
    try (var collector = new RecordingCollector();
        Agent agent = Agent.start(config(collector, "http://127.0.0.1:" + Ports.free())
            .endpoints(Endpoint.MOD, Endpoint.LATEST).interval(Duration.ofMillis(300)).build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.size() >= 12);

      assertThat(collector.stored).allSatisfy(s -> assertThat(s.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_CONNECT));
      List<Long> scheduled = collector.stored.stream()
          .filter(s -> s.getTarget().getEndpoint() == EndpointKind.ENDPOINT_KIND_MOD)
          .map(Sample::getScheduledUnixMicros).toList();
      double meanSpacingMillis = (scheduled.get(scheduled.size() - 1) - scheduled.get(0)) / 1000.0 / (scheduled.size() - 1);
      assertThat(meanSpacingMillis).isBetween(240.0, 360.0);
      assertThat(agent.counters().probesDone()).isGreaterThanOrEqualTo(12);
      assertThat(agent.counters().probesSkipped()).isZero();
    }
  }

  @Test
  void sequencesContinueAboveThePreviousRun_afterARestartWithTheSameStateDir() throws Exception {
    try (var collector = new RecordingCollector()) {
      String proxy = "http://127.0.0.1:" + Ports.free();
      long lastOfFirstRun;
      try (Agent agent = Agent.start(config(collector, proxy).endpoints(Endpoint.MOD).build())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.size() >= 3);
        await().until(() -> agent.counters().outboxSize() == 0);
      }
      lastOfFirstRun = collector.stored.get(collector.stored.size() - 1).getSequence();
      int firstRunCount = collector.stored.size();
      try (Agent agent = Agent.start(config(collector, proxy).endpoints(Endpoint.MOD).build())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.size() >= firstRunCount + 3);
        assertThat(agent.counters().samplesAcked()).isPositive();
      }

      assertThat(collector.stored).extracting(Sample::getSequence).isSorted().doesNotHaveDuplicates();
      assertThat(collector.stored.get(firstRunCount).getSequence()).isGreaterThan(lastOfFirstRun);
      assertThat(collector.hellos).hasSize(2);
    }
  }

  @Test
  void close_isIdempotent_andStopsTheAgentsThreads() throws Exception {
    try (var collector = new RecordingCollector()) {
      Agent agent = Agent.start(config(collector, "http://127.0.0.1:" + Ports.free()).build());
      await().until(() -> collector.stored.size() >= 1);
      agent.close();
      agent.close();

      await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
          .noneMatch(t -> t.getName().startsWith("proxywatch-") && t.isAlive()));
      long stored = collector.stored.size();
      await().during(Duration.ofMillis(500)).until(() -> collector.stored.size() == stored);
    }
  }

  private AgentConfigBuilder config(RecordingCollector collector, String proxy) {
    return AgentConfig.builder().region("tokyo").agentId("agent-test").collector(collector.address())
        .proxy(proxy).module("example.com/hello@v1.0.0").interval(Duration.ofMillis(500))
        .timeout(Duration.ofSeconds(2)).stateDir(state);
  }


  /** The JDK's own HTTP server as a stand-in proxy: every path answers 200 with a small JSON body. */
  static HttpServer goProxy() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "{\"Version\":\"v1.0.0\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }
}
