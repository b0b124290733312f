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
            "agents.regions: region \"tokyo\" is listed twice"),
        // Tokens and TLS.
        Arguments.of("agent token shorter than the collector accepts",
            Map.of("agents.regions[0].name", "tokyo", "agents.regions[0].token.value", "short-token"),
            "at '/agents/regions/0/token/value': 'short-token' does not match pattern"),
        Arguments.of("agent token with a space", Map.of("agents.token.value", "a token with spaces in it, 32+ chars long"),
            "at '/agents/token/value'"),
        Arguments.of("agent id longer than 64 characters", Map.of("agents.agentId", "a".repeat(65)),
            "at '/agents/agentId'"),
        Arguments.of("generated agent id longer than 64 characters",
            Map.of("agents.regions[0].name", "r".repeat(62)),
            "is longer than the 64 characters agents and the collector accept"),
        Arguments.of("enrolled agent without a token source",
            Map.of("collector.enrolledAgents[0].agentId", "proxywatch-tokyo", "collector.enrolledAgents[0].region", "tokyo"),
            "at '/collector/enrolledAgents/0'"),
        Arguments.of("enrolled agent with both an existing Secret and a token",
            Map.of("collector.enrolledAgents[0].agentId", "proxywatch-tokyo", "collector.enrolledAgents[0].region", "tokyo",
                "collector.enrolledAgents[0].existingSecret", "tokyo", "collector.enrolledAgents[0].token", "t".repeat(40)),
            "at '/collector/enrolledAgents/0'"),
        Arguments.of("enrolled agent without a region",
            Map.of("collector.enrolledAgents[0].agentId", "proxywatch-tokyo", "collector.enrolledAgents[0].existingSecret", "s"),
            "at '/collector/enrolledAgents/0': missing property 'region'"),
        Arguments.of("enrolled agent id with a space",
            Map.of("collector.enrolledAgents[0].agentId", "proxywatch tokyo", "collector.enrolledAgents[0].region", "tokyo",
                "collector.enrolledAgents[0].existingSecret", "s"),
            "at '/collector/enrolledAgents/0/agentId'"),
        Arguments.of("agent id enrolled twice",
            Map.of("agents.regions[0].name", "tokyo", "collector.enrolledAgents[0].agentId", "pw-tokyo",
                "collector.enrolledAgents[0].region", "tokyo", "collector.enrolledAgents[0].existingSecret", "s"),
            "agent id \"pw-tokyo\" is enrolled twice (agents.regions[tokyo] and collector.enrolledAgents[0])"),
        Arguments.of("TLS without its Secret", Map.of("collector.tls.enabled", true),
            "at '/collector/tls/existingSecret': minLength: got 0, want 1"),
        Arguments.of("mutual TLS without TLS", Map.of("collector.tls.clientCa.enabled", true),
            "collector.tls.clientCa.enabled needs collector.tls.enabled"),
        Arguments.of("unknown TLS key", Map.of("collector.tls.cert", "x"),
            "at '/collector/tls': additional properties 'cert' not allowed"),
        Arguments.of("the old agents.ca key, now collectorTls.ca or proxyCa", Map.of("agents.ca.secretName", "corp-ca"),
            "at '/agents': additional properties 'ca' not allowed"),
        Arguments.of("API rate limit of zero", Map.of("collector.apiRateLimit", 0),
            "at '/collector/apiRateLimit': minimum: got 0, want 0.1"),
        Arguments.of("no spool", Map.of("agents.spoolMaxMiB", 0), "at '/agents/spoolMaxMiB': minimum: got 0, want 1"),
        Arguments.of("state volume smaller than the spool",
            Map.of("agents.regions[0].name", "tokyo", "agents.persistence.enabled", true, "agents.persistence.size", "128Mi"),
            "persistence.size 128Mi is smaller than the 304Mi the state directory needs"),
        // Alerting.
        Arguments.of("webhook without a signing secret", Map.of("alerting.webhook.urls[0]", "https://hooks.example.com/x"),
            "at '/alerting/webhook/secret'"),
        Arguments.of("webhook URL that is not http(s)",
            Map.of("alerting.webhook.urls[0]", "ftp://hooks.example.com/x", "alerting.webhook.secret.existingSecret", "s"),
            "at '/alerting/webhook/urls/0': 'ftp://hooks.example.com/x' does not match pattern"),
        Arguments.of("webhook URL without a host",
            Map.of("alerting.webhook.urls[0]", "https:///x", "alerting.webhook.secret.existingSecret", "s"),
            "at '/alerting/webhook/urls/0'"),
        Arguments.of("Alertmanager URL with a comma", Map.of("alerting.alertmanager.urls[0]", "http://a:9093,http://b:9093"),
            "at '/alerting/alertmanager/urls/0'"),
        Arguments.of("Slack URL over plain http", Map.of("alerting.slack.url", "http://hooks.slack.com/services/x"),
            "at '/alerting/slack/url'"),
        Arguments.of("public URL without a scheme", Map.of("alerting.publicUrl", "proxywatch.example.com"),
            "at '/alerting/publicUrl'"),
        Arguments.of("mutable grace in days", Map.of("alerting.mutableGrace", "1d"),
            "at '/alerting/mutableGrace': '1d' does not match pattern"),
        Arguments.of("resend interval without a unit", Map.of("alerting.alertmanager.resendInterval", "60"),
            "at '/alerting/alertmanager/resendInterval': got number, want string"),
        Arguments.of("probe interval that is no duration", Map.of("alerting.probeInterval", "often"),
            "at '/alerting/probeInterval'"),
        Arguments.of("negative immutable rounds", Map.of("alerting.immutableRounds", -1),
            "at '/alerting/immutableRounds': minimum: got -1, want 1"),
        Arguments.of("misspelt alerting key", Map.of("alerting.webhooks.urls[0]", "https://hooks.example.com/x"),
            "at '/alerting': additional properties 'webhooks' not allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void template_rejectsBadValues_namingTheField(String description, Map<String, Object> sets, String message) {
    assertThatThrownBy(() -> HelmChart.render(sets))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }
}
