package io.proxywatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in its own JVM (Logback reads its configuration once per JVM), logging JSON. */
class JsonLogsTest {
  @TempDir
  Path dir;

  @Test
  void jsonLogs_carryAgentIdAndRegion_andTheDeprecatedProxyWarnsOnce() throws Exception {
    List<String> args = List.of("--region", "tokyo", "--agent-id", "json-test", "--collector", "127.0.0.1:" + Ports.free(),
        "--proxy", "http://127.0.0.1:" + Ports.free(), "--module", "example.com/hello@v1.0.0", "--interval", "1s",
        "--state-dir", dir.resolve("state").toString(), "--log-format", "json");
    try (ChildProcess agent = ChildProcess.start(ChildProcess.java(List.of("-XX:TieredStopAtLevel=1", "-Xmx64m"),
        "io.proxywatch.agent.cli.AgentMain", args), dir.resolve("agent.log"),
        env -> env.keySet().removeIf(k -> k.startsWith("PROXYWATCH_")))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> agent.log().contains("agent json-test started"));

      List<String> lines = Arrays.stream(agent.log().split("\n")).filter(l -> !l.startsWith("Picked up")).toList();
      List<JsonObject> events = lines.stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
      JsonObject started = events.stream().filter(e -> e.get("formattedMessage").getAsString().startsWith("agent json-test started"))
          .findFirst().orElseThrow();
      assertThat(started.get("level").getAsString()).isEqualTo("INFO");
      assertThat(started.getAsJsonObject("mdc").get("agent_id").getAsString()).isEqualTo("json-test");
      assertThat(started.getAsJsonObject("mdc").get("region").getAsString()).isEqualTo("tokyo");
      assertThat(events.stream().filter(e -> e.get("formattedMessage").getAsString().contains("--proxy is deprecated")))
          .singleElement().satisfies(e -> assertThat(e.get("level").getAsString()).isEqualTo("WARN"));
    }
  }
}
