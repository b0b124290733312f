package io.proxywatch.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract checker itself: it must find the schema and refuse what breaks it, or the IT proves nothing. */
class ContractTest {
  private final Contract contract = new Contract();

  @Test
  void aWellFormedError_passes() {
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"error\": \"invalid parameter 'limit'\", \"detail\": \"x\"}"))
        .isEmpty();
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
  void anUndocumentedStatus_isReported() {
    assertThat(contract.violations("/api/v1/agents", "get", 418, "{}")).singleElement().asString().contains("no 418");
  }
}
