package io.proxywatch.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract checker itself: it must find the schema and refuse what breaks it, or the IT proves nothing. */
class ContractTest {
  private final Contract contract = new Contract();

  @Test
  void aWellFormedProblem_passes() {
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"type\": \"urn:proxywatch:problem:invalid-parameter\","
        + " \"title\": \"invalid parameter 'limit'\", \"status\": 400, \"detail\": \"x\", \"error\": \"invalid parameter 'limit'\"}"))
        .isEmpty();
  }

  @Test
  void theErrorBodyOfEarlierVersions_alone_isNoLongerEnough() {
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"error\": \"invalid parameter 'limit'\", \"detail\": \"x\"}"))
        .isNotEmpty();
  }

  @Test
  void aWrongType_aMissingField_andAnUndocumentedField_areEachReported() {
    assertThat(contract.violations("/api/v1/agents", "get", 200, "{\"agents\": [{\"agent_id\": 1}]}")).isNotEmpty();
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"error\": \"x\"}")).isNotEmpty();
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"error\": \"x\", \"detail\": \"y\", \"extra\": 1}"))
        .isNotEmpty();
    assertThat(contract.violations("/api/v1/divergences/{id}", "get", 200, "{\"id\": 1}")).isNotEmpty();
  }

  @Test
  void everyEpisodeKind_andSeverity_isInTheContract() throws Exception {
    var schemas = new io.vertx.core.json.JsonObject(new String(
        ContractTest.class.getResourceAsStream("/openapi.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .getJsonObject("components").getJsonObject("schemas");
    var episode = schemas.getJsonObject("Episode").getJsonObject("properties");
    assertThat(schemas.getJsonObject("EpisodeDetail").getJsonObject("properties").getJsonObject("kind"))
        .isEqualTo(episode.getJsonObject("kind"));
    assertThat(episode.getJsonObject("kind").getJsonArray("enum").getList()).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(io.proxywatch.collector.divergence.EpisodeKind.values()).map(k -> k.label()).toList());
    assertThat(episode.getJsonObject("severity").getJsonArray("enum").getList()).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(io.proxywatch.collector.divergence.EpisodeKind.Severity.values()).map(k -> k.label()).toList());
  }

  @Test
  void anUndocumentedStatus_isReported() {
    assertThat(contract.violations("/api/v1/agents", "get", 418, "{}")).singleElement().asString().contains("no 418");
  }
}
