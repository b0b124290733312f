package io.proxywatch.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values stop {@code helm template} (and install/upgrade) before anything renders, with a message
 * naming the field. helm-java reports Helm's error as an IllegalStateException carrying Helm's text.
 */
class ValuesSchemaTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("region without a name", Map.of("agents.regions[0].interval", "60s"),
            "at '/agents/regions/0': missing property 'name'"),
        Arguments.of("region name that is no DNS label", Map.of("agents.regions[0].name", "Tokyo_1"),
            "at '/agents/regions/0/name': 'Tokyo_1' does not match pattern"),
        Arguments.of("negative collector replicas", Map.of("collector.replicaCount", -1),
            "at '/collector/replicaCount': minimum: got -1"),
        Arguments.of("no collector replicas while enabled", Map.of("collector.replicaCount", 0),
            "at '/collector/replicaCount': minimum: got 0, want 1"),
        Arguments.of("negative region replicas",
            Map.of("agents.regions[0].name", "tokyo", "agents.regions[0].replicas", -1),
            "at '/agents/regions/0/replicas': minimum: got -1, want 0"),
        Arguments.of("two agents for one region",
            Map.of("agents.regions[0].name", "tokyo", "agents.regions[0].replicas", 2),
            "at '/agents/regions/0/replicas': maximum: got 2, want 1"),
        Arguments.of("port above 65535", Map.of("collector.grpcPort", 70000),
            "at '/collector/grpcPort': maximum: got 70,000, want 65,535"),
        Arguments.of("port 0", Map.of("collector.service.httpPort", 0),
            "at '/collector/service/httpPort': minimum: got 0, want 1"),
        Arguments.of("misspelt key", Map.of("collector.replicas", 3),
            "at '/collector': additional properties 'replicas' not allowed"),
        Arguments.of("unknown region override", Map.of("agents.regions[0].name", "tokyo", "agents.regions[0].intervall", "5s"),
            "at '/agents/regions/0': additional properties 'intervall' not allowed"),
        Arguments.of("duration in an unknown unit", Map.of("agents.interval", "5min"),
            "at '/agents/interval': '5min' does not match pattern"),
        Arguments.of("database URL that is not JDBC", Map.of("database.url", "postgres://db:5432/proxywatch"),
            "at '/database/url': 'postgres://db:5432/proxywatch' does not match pattern"),
        Arguments.of("agents-only install without a collector address",
            Map.of("collector.enabled", false, "agents.regions[0].name", "tokyo"),
            "agents.collectorAddress is required when collector.enabled is false"),
        Arguments.of("one region listed twice",
            Map.of("agents.regions[0].name", "tokyo", "agents.regions[1].name", "tokyo"),
            "agents.regions: region \"tokyo\" is listed twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void template_rejectsBadValues_namingTheField(String description, Map<String, Object> sets, String message) {
    assertThatThrownBy(() -> HelmChart.render(sets))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }
}
