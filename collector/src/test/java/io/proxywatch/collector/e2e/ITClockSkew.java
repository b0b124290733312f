package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.testkit.ChildProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real agent processes whose clocks are five minutes off both ways (libfaketime) beside two honest ones: the
 * collector measures each offset over the stream's round trips, flags both clocks, and judges freshness on times
 * it trusts, so the slow agent's region is still compared (and its odd .mod flagged) and the fast agent's region
 * does not stay fresh after it stops.
 */
class ITClockSkew {
  private static final Duration OFFSET = Duration.ofMinutes(5);
  private static final String SLOW = "frankfurt";
  private static final String FAST = "sao-paulo";

  @Test
  @SuppressWarnings("try") // the honest fleet and the slow agent only have to run
  void agentsFiveMinutesOffBothWays_areMeasuredAndFlagged_andTheirRegionsJudgedOnTrustedTimes() throws Exception {
    try (Cdn cdn = Cdn.start(Map.of());
         Collector collector = Collector.start(CollectorConfig.of(TestDatabase.fresh(), 0, 0).withDivergence(Rig.FAST));
         Fleet honest = Fleet.start(cdn, collector.grpcPort(), Duration.ofSeconds(1), List.of("tokyo", "los-angeles"));
         ChildProcess slow = agentProcess(cdn, collector, SLOW, "-5m");
         ChildProcess fast = agentProcess(cdn, collector, FAST, "+5m")) {
      Api api = new Api(collector.httpPort());
      await().atMost(Rig.START_DEADLINE).pollInterval(Duration.ofMillis(500))
          .until(() -> targets(api).size() > 0 && targets(api).stream().allMatch(t -> t.getInteger("regions_compared") == 4));

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(skewMs(api, SLOW)).isCloseTo((double) OFFSET.toMillis(), org.assertj.core.data.Offset.offset(1000.0));
        assertThat(skewMs(api, FAST)).isCloseTo((double) -OFFSET.toMillis(), org.assertj.core.data.Offset.offset(1000.0));
        assertThat(Math.abs(skewMs(api, "tokyo"))).as("same host, NTP-style: no start-up in it").isLessThan(250.0);
        assertThat(agent(api, "tokyo").getDouble("clock_rtt_ms")).isNotNull().isLessThan(1000.0);
        assertThat(openAgentClock(api)).containsExactlyInAnyOrder("skew-" + SLOW, "skew-" + FAST);
      });

      Rig.serveDifferentBodyAt(cdn, SLOW, "/example.com/hello/@v/v1.0.0.mod");
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> modEpisodes(api)
          .anyMatch(e -> e.getString("state").equals("firing") && e.getJsonArray("outlier_regions").getList().equals(List.of(SLOW))));

      fast.stop(Duration.ofSeconds(10));
      await().atMost(Rig.FAST.freshness().plusSeconds(15)).pollInterval(Duration.ofMillis(500))
          .alias("a clock ahead does not keep a stopped region fresh")
          .until(() -> targets(api).stream().allMatch(t -> !t.getJsonObject("regions").containsKey(FAST)));
    }
  }

  /** An agent under libfaketime (offset as FAKETIME writes it), as a real process with its own state directory. */
  private static ChildProcess agentProcess(Cdn cdn, Collector collector, String region, String offset) throws Exception {
    Path state = Files.createTempDirectory("proxywatch-skewed-agent-");
    List<String> command = new ArrayList<>(List.of("faketime", "-f", offset));
    command.addAll(ChildProcess.java(List.of("-Xmx128m"), "io.proxywatch.agent.cli.AgentMain", List.of(
        "--region", region, "--agent-id", "skew-" + region, "--collector", "127.0.0.1:" + collector.grpcPort(),
        "--proxy", cdn.url(region), "--modules-file", cdn.tree().resolve("modules.txt").toString(),
        "--interval", "1s", "--timeout", "5s", "--state-dir", state.toString())));
    return ChildProcess.start(command, Files.createTempFile("proxywatch-skewed-agent-", ".log"),
        env -> env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1"));
  }

  private static List<JsonObject> targets(Api api) {
    return api.get("/api/v1/consistency").getJsonArray("targets").stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject agent(Api api, String region) {
    return api.get("/api/v1/agents").getJsonArray("agents").stream().map(JsonObject.class::cast)
        .filter(a -> a.getString("region").equals(region)).findFirst().orElseThrow();
  }

  private static double skewMs(Api api, String region) {
    JsonObject agent = agent(api, region);
    assertThat(agent.getDouble("clock_rtt_ms")).as("measured over a round trip").isNotNull();
    return agent.getDouble("clock_skew_ms");
  }

  private static List<String> openAgentClock(Api api) {
    return episodes(api, "/api/v1/divergences?state=open").filter(e -> e.getString("kind").equals("agent_clock"))
        .map(e -> e.getString("agent_id")).toList();
  }

  private static Stream<JsonObject> modEpisodes(Api api) {
    return episodes(api, "/api/v1/divergences?module=example.com/hello")
        .filter(e -> e.getString("endpoint").equals("mod") && e.getString("version").equals("v1.0.0"));
  }

  private static Stream<JsonObject> episodes(Api api, String path) {
    return api.get(path).getJsonArray("divergences").stream().map(JsonObject.class::cast);
  }
}
