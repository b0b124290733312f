package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.testkit.Ports;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collector's log lines, as a process writes them: JSON objects with the agent's and episode's fields, or text with ISO-8601 UTC times. */
class ITLogFormat {
  private final DbSettings db = TestDatabase.fresh();

  @Test
  void jsonFormat_everyLineIsAnObject_withAgentAndEpisodeFields() throws Exception {
    int grpc = Ports.free();
    CollectorProcess collector = CollectorProcess.start(db, grpc, Ports.free(), Files.createTempFile("proxywatch-json-", ".log"),
        "--log-format", "json", "--probe-interval", "1s", "--drain-delay", "0s");
    try (TestAgentClient agent = new TestAgentClient(grpc)) {
      agent.hello("logs-1", "tokyo").next();
      await().atMost(Duration.ofSeconds(20)).until(() -> collector.log().contains("agent_offline"));
    } finally {
      collector.stop();
    }
    List<JsonObject> lines = collector.log().lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    assertThat(lines).allSatisfy(line -> assertThat(line.fieldNames()).contains("timestamp", "level", "loggerName", "formattedMessage"));
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.getJsonObject("mdc").getString("agent_id")).isEqualTo("logs-1");
      assertThat(line.getJsonObject("mdc").getString("region")).isEqualTo("tokyo");
      assertThat(line.getString("formattedMessage")).contains("connected");
    });
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.getJsonObject("mdc").getString("episode_id")).matches("[0-9]+");
      assertThat(line.getString("formattedMessage")).contains("agent_offline");
    });
    assertThat(lines.get(lines.size() - 1).getString("formattedMessage")).isEqualTo("collector stopped");
  }

  @Test
  void textFormat_linesStartWithAnIsoUtcTime() throws Exception {
    CollectorProcess collector = CollectorProcess.start(db, Ports.free(), Ports.free(), Files.createTempFile("proxywatch-text-", ".log"),
        "--drain-delay", "0s");
    collector.stop();
    assertThat(collector.log().lines().filter(l -> !l.isBlank()))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |WARN |ERROR|DEBUG) .*"));
  }
}
