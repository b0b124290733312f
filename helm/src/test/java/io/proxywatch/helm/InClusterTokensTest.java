package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Default values plus two regions in the collector's own cluster: tokens are required, every agent gets
 * a generated token as a file, and the collector enrols exactly those tokens from a file in the same
 * Secret, rendered from the same values.
 */
class InClusterTokensTest {

  private static final String COLLECTOR = FULLNAME + "-collector";
  private static final String TOKENS = FULLNAME + "-agent-tokens";
  private static final Map<String, Object> REGIONS = Map.of(
      "agents.regions[0].name", "tokyo",
      "agents.regions[1].name", "frankfurt",
      "agents.regions[1].agentId", "agent-fra",
      "agents.regions[1].interval", "2m");
  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = HelmChart.render(REGIONS);
  }

  @Test
  void collector_mountsTheTokensFileFromTheChartSecret_andRequiresTokens() {
    PodSpec pod = collectorPod();
    Container collector = Pods.container(pod, "collector");

    assertThat(Pods.volume(pod, "agent-tokens").getSecret().getSecretName()).isEqualTo(TOKENS);
    assertThat(Pods.volume(pod, "agent-tokens").getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath()).containsExactly("agent-tokens.txt->agent-tokens.txt");
    assertThat(Pods.mount(collector, "agent-tokens").getReadOnly()).isTrue();
    assertThat(Pods.envValue(collector, "PROXYWATCH_AGENT_TOKENS_FILE"))
        .isEqualTo(Pods.mount(collector, "agent-tokens").getMountPath() + "/agent-tokens.txt");
    assertThat(Pods.literalEnv(collector)).doesNotContainKeys("PROXYWATCH_INSECURE_NO_AUTH", "PROXYWATCH_API_TOKENS_FILE");
    assertThat(pod.getInitContainers()).as("no init container when every token is the chart's").isEmpty();
  }

  @Test
  void collectorTokensFile_enrolsEachAgentWithTheTokenItsPodMounts() {
    Map<String, String> enrolled = Tokens.parseTokensFile(Tokens.value(manifests, TOKENS + "/agent-tokens.txt"));

    assertThat(enrolled).containsOnlyKeys("pw-tokyo", "agent-fra");
    for (String region : new String[] {"tokyo", "frankfurt"}) {
      PodSpec pod = agentPod(region);
      String agentId = Pods.envValue(Pods.container(pod, "agent"), "PROXYWATCH_AGENT_ID");
      String token = Tokens.value(manifests, Tokens.agentTokenSource(pod));

      assertThat(token).as(region).hasSize(32).matches("[A-Za-z0-9]+");
      assertThat(enrolled.get(agentId)).as("collector's line for %s", agentId).isEqualTo(region + " " + token);
    }
    assertThat(enrolled.get("pw-tokyo")).isNotEqualTo(enrolled.get("agent-fra"));
  }

  @Test
  void tokenSecret_holdsOneKeyPerRegionAndTheCollectorsFile() {
    assertThat(manifests.get(Secret.class, TOKENS).getData()).containsOnlyKeys("tokyo", "frankfurt", "agent-tokens.txt");
  }

  @Test
  void agents_dialTheCollectorServiceInPlaintext_whenItHasNoTls() {
    Map<String, String> env = Pods.literalEnv(Pods.container(agentPod("tokyo"), "agent"));

    assertThat(env).containsEntry("PROXYWATCH_COLLECTOR", COLLECTOR + ".monitoring.svc:7443")
        .doesNotContainKeys("PROXYWATCH_COLLECTOR_TLS", "PROXYWATCH_COLLECTOR_CA", "PROXYWATCH_CLIENT_CERT");
  }

  @Test
  void collector_assumesTheLongestAgentInterval_andTheDefaultAlertingRules() {
    assertThat(Pods.literalEnv(Pods.container(collectorPod(), "collector")))
        .containsEntry("PROXYWATCH_PROBE_INTERVAL", "2m")
        .containsEntry("PROXYWATCH_IMMUTABLE_ROUNDS", "2")
        .containsEntry("PROXYWATCH_MUTABLE_GRACE", "30m")
        .containsEntry("PROXYWATCH_DIVERGENCE_COOLDOWN", "5m")
        .containsEntry("PROXYWATCH_GOSUMDB", "sum.golang.org")
        .containsEntry("PROXYWATCH_API_RATE_LIMIT", "20")
        .doesNotContainKeys("PROXYWATCH_WEBHOOK_URLS", "PROXYWATCH_ALERTMANAGER_URL", "PROXYWATCH_PUBLIC_URL",
            "PROXYWATCH_TLS_CERT");
    assertThat(Pods.literalEnv(Pods.container(HelmChart.render(Map.of("agents.regions[0].name", "tokyo"))
        .get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec(), "collector")))
        .containsEntry("PROXYWATCH_PROBE_INTERVAL", "30s");
  }

  @Test
  void collectorRestarts_whenTheEnrolledAgentsChange_notOnEveryRender() {
    String checksum = checksum(manifests);

    assertThat(checksum(HelmChart.render(REGIONS))).as("same values, same checksum").isEqualTo(checksum);
    Map<String, Object> more = new java.util.HashMap<>(REGIONS);
    more.put("agents.regions[2].name", "sydney");
    assertThat(checksum(HelmChart.render(more))).as("a new region must be enrolled").isNotEqualTo(checksum);
  }

  @Test
  void insecureNoAuth_isOnlyEverSetExplicitly() {
    Container collector = Pods.container(HelmChart.render(Map.of("collector.insecureNoAuth", true))
        .get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec(), "collector");

    assertThat(Pods.envValue(collector, "PROXYWATCH_INSECURE_NO_AUTH")).isEqualTo("true");
  }

  @Test
  void apiTokensFile_isMountedFromTheNamedSecret() {
    PodSpec pod = HelmChart.render(Map.of("collector.apiTokens.existingSecret", "proxywatch-api-tokens"))
        .get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec();
    Container collector = Pods.container(pod, "collector");

    assertThat(Pods.volume(pod, "api-tokens").getSecret().getSecretName()).isEqualTo("proxywatch-api-tokens");
    assertThat(Pods.volume(pod, "api-tokens").getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath()).containsExactly("api-tokens.txt->api-tokens.txt");
    assertThat(Pods.envValue(collector, "PROXYWATCH_API_TOKENS_FILE"))
        .isEqualTo(Pods.mount(collector, "api-tokens").getMountPath() + "/api-tokens.txt");
  }

  private static String checksum(Manifests rendered) {
    return rendered.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getMetadata().getAnnotations()
        .get("checksum/agent-tokens");
  }

  private static PodSpec collectorPod() {
    return manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec();
  }

  private static PodSpec agentPod(String region) {
    return manifests.get(Deployment.class, FULLNAME + "-agent-" + region).getSpec().getTemplate().getSpec();
  }
}
