package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A remote region's cluster: collector disabled, three regions dialing an external collector over TLS
 * with a private CA; tokens generated, inline and from an existing Secret, each mounted as a file.
 */
class AgentsOnlyTest {

  private static final List<String> REGIONS = List.of("tokyo", "frankfurt", "sao-paulo");
  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = HelmChart.render("src/test/resources/values/agents-only.yaml");
  }

  @Test
  void rendersOneDeploymentPerRegion_andNoCollectorOrDatabase() {
    assertThat(manifests.all(Deployment.class)).hasSize(REGIONS.size())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(REGIONS.stream().map(AgentsOnlyTest::agentName).toArray(String[]::new));
    assertThat(manifests.all(Service.class)).isEmpty();
    assertThat(manifests.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(manifests.find(Secret.class, FULLNAME + "-database")).isEmpty();
  }

  @Test
  void eachRegion_isLabelledAndSelectedByItsRegion() {
    for (String region : REGIONS) {
      Deployment deployment = deployment(region);
      assertThat(deployment.getMetadata().getLabels()).containsEntry("proxywatch.io/region", region)
          .containsEntry("app.kubernetes.io/component", "agent");
      assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsEntry("proxywatch.io/region", region);
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }
  }

  @Test
  void eachRegion_isExactlyOneAgentReplacedWithRecreate() {
    for (String region : REGIONS) {
      assertThat(deployment(region).getSpec().getReplicas()).as(region).isEqualTo(1);
      assertThat(deployment(region).getSpec().getStrategy().getType()).as(region).isEqualTo("Recreate");
    }
  }

  @Test
  void agentEnvironment_namesRegionIdAndTheExternalCollector() {
    Map<String, String> tokyo = Pods.literalEnv(agent("tokyo"));

    assertThat(tokyo).containsEntry("PROXYWATCH_REGION", "tokyo")
        .containsEntry("PROXYWATCH_AGENT_ID", "pw-tokyo")
        .containsEntry("PROXYWATCH_COLLECTOR", "grpc.proxywatch.example.com:443")
        .containsEntry("PROXYWATCH_GOPROXY", "https://proxy.golang.org")
        .containsEntry("PROXYWATCH_ENDPOINTS", "list,info,mod,zip,latest")
        .containsEntry("PROXYWATCH_INTERVAL", "30s")
        .containsEntry("PROXYWATCH_TIMEOUT", "70s")
        .containsEntry("PROXYWATCH_LOG_LEVEL", "INFO")
        .containsEntry("PROXYWATCH_SPOOL_MAX_BYTES", "256MiB")
        .containsEntry("PROXYWATCH_LOG_FORMAT", "text")
        .containsEntry("MALLOC_ARENA_MAX", "2")
        .containsEntry("PROXYWATCH_VERIFY", "true")
        .containsEntry("PROXYWATCH_VERIFY_EVERY", "24h")
        .containsEntry("PROXYWATCH_VERIFY_BANDWIDTH", "10MiB/s")
        .doesNotContainKey("PROXYWATCH_CA_FILE")
        .doesNotContainKey("PROXYWATCH_AGENT_TOKEN");
    assertThat(Pods.literalEnv(agent("sao-paulo"))).containsEntry("PROXYWATCH_AGENT_ID", "agent-br-1");
    assertThat(tokyo.get("JAVA_TOOL_OPTIONS")).as("the lean set measured in bench/RESULTS.md")
        .startsWith("-Xmx24m ").contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  }

  @Test
  void regionOverrides_replaceOnlyWhatTheyName() {
    Map<String, String> frankfurt = Pods.literalEnv(agent("frankfurt"));

    assertThat(frankfurt).containsEntry("PROXYWATCH_INTERVAL", "60s")
        .containsEntry("PROXYWATCH_ENDPOINTS", "info,mod")
        .containsEntry("PROXYWATCH_TIMEOUT", "70s");
    assertThat(modules("frankfurt")).isEqualTo("golang.org/x/net@v0.25.0\n");
  }

  @Test
  void regionOverrides_withFalseOrZero_winOverTheDefaults() {
    Manifests paused = HelmChart.render("src/test/resources/values/agents-only.yaml", Map.of(
        "agents.persistence.enabled", true,
        "agents.regions[0].replicas", 0,
        "agents.regions[0].persistence.enabled", false));

    assertThat(paused.get(Deployment.class, agentName("tokyo")).getSpec().getReplicas()).isZero();
    assertThat(paused.get(Deployment.class, agentName("sao-paulo")).getSpec().getReplicas()).isEqualTo(1);
    assertThat(paused.find(PersistentVolumeClaim.class, agentName("tokyo"))).isEmpty();
    assertThat(paused.find(PersistentVolumeClaim.class, agentName("sao-paulo"))).isPresent();
  }

  @Test
  void modules_comeFromTheRegionsConfigMapMountedAsTheModulesFile() {
    assertThat(modules("tokyo"))
        .isEqualTo("golang.org/x/text@v0.14.0\ngolang.org/x/mod@v0.17.0\ngithub.com/google/uuid@v1.6.0\n");
    PodSpec pod = pod("tokyo");
    Container agent = Pods.container(pod, "agent");

    assertThat(Pods.volume(pod, "modules").getConfigMap().getName()).isEqualTo(agentName("tokyo"));
    assertThat(Pods.mount(agent, "modules").getMountPath() + "/modules.txt")
        .isEqualTo(Pods.envValue(agent, "PROXYWATCH_MODULES_FILE"));
    assertThat(manifests.get(ConfigMap.class, agentName("tokyo")).getMetadata().getLabels())
        .containsEntry("proxywatch.io/region", "tokyo");
  }

  @Test
  void agentTokens_areFilesFromTheChartSecretByRegion_orFromTheNamedSecret() {
    Secret tokens = manifests.get(Secret.class, FULLNAME + "-agent-tokens");

    assertThat(Tokens.agentTokenSource(pod("tokyo"))).isEqualTo(FULLNAME + "-agent-tokens/tokyo");
    assertThat(Tokens.agentTokenSource(pod("frankfurt"))).isEqualTo(FULLNAME + "-agent-tokens/frankfurt");
    assertThat(Tokens.agentTokenSource(pod("sao-paulo"))).isEqualTo("sao-paulo-token/agent-token");
    assertThat(tokens.getData()).as("no collector here, so no collector tokens file").containsOnlyKeys("tokyo", "frankfurt");
    assertThat(DefaultValuesTest.decode(tokens.getData().get("tokyo"))).isEqualTo("tokyo-token-0123456789abcdefghijklmnop");
    assertThat(DefaultValuesTest.decode(tokens.getData().get("frankfurt"))).hasSize(32);
  }

  @Test
  void externalCollector_isDialedWithTlsTrustingTheNamedCaOnly() {
    for (String region : REGIONS) {
      Container agent = agent(region);
      assertThat(Pods.envValue(agent, "PROXYWATCH_COLLECTOR_TLS")).as(region).isEqualTo("true");
      assertThat(Pods.envValue(agent, "PROXYWATCH_COLLECTOR_CA")).as(region).isEqualTo("/etc/proxywatch/collector-ca/ca.crt");
      assertThat(Pods.mount(agent, "collector-ca").getMountPath()).isEqualTo("/etc/proxywatch/collector-ca");
      assertThat(Pods.mount(agent, "collector-ca").getReadOnly()).isTrue();
      assertThat(Pods.volume(pod(region), "collector-ca").getSecret().getSecretName()).isEqualTo("proxywatch-collector-ca");
      assertThat(Pods.volume(pod(region), "collector-ca").getSecret().getItems())
          .extracting(i -> i.getKey() + "->" + i.getPath()).containsExactly("ca.crt->ca.crt");
    }
  }

  @Test
  void clientCertificate_isMountedOnlyWhereARegionNamesOne() {
    Container saoPaulo = agent("sao-paulo");

    assertThat(Pods.envValue(saoPaulo, "PROXYWATCH_CLIENT_CERT")).isEqualTo("/etc/proxywatch/client-tls/tls.crt");
    assertThat(Pods.envValue(saoPaulo, "PROXYWATCH_CLIENT_KEY")).isEqualTo("/etc/proxywatch/client-tls/tls.key");
    assertThat(Pods.mount(saoPaulo, "client-tls").getReadOnly()).isTrue();
    assertThat(Pods.volume(pod("sao-paulo"), "client-tls").getSecret().getSecretName()).isEqualTo("sao-paulo-client-tls");
    assertThat(Pods.literalEnv(agent("tokyo"))).doesNotContainKeys("PROXYWATCH_CLIENT_CERT", "PROXYWATCH_CLIENT_KEY");
  }

  @Test
  void stateDirectory_isAnEmptyDirByDefault_andAClaimWhenPersistent() {
    Container tokyo = agent("tokyo");
    assertThat(Pods.mount(tokyo, "state").getMountPath()).isEqualTo(Pods.envValue(tokyo, "PROXYWATCH_STATE_DIR"));
    assertThat(Pods.volume(pod("tokyo"), "state").getEmptyDir().getSizeLimit().toString())
        .as("above the 256 MiB spool plus a segment and the state files").isEqualTo("304Mi");
    assertThat(Pods.envValue(agent("frankfurt"), "PROXYWATCH_SPOOL_MAX_BYTES")).isEqualTo("64MiB");

    assertThat(Pods.volume(pod("frankfurt"), "state").getPersistentVolumeClaim().getClaimName())
        .isEqualTo(agentName("frankfurt"));
    PersistentVolumeClaim claim = manifests.get(PersistentVolumeClaim.class, agentName("frankfurt"));
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("128Mi");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(manifests.all(PersistentVolumeClaim.class)).hasSize(1);
  }

  @Test
  void proxyCaBundle_isMountedFromItsSecretAndNamedInTheEnvironment() {
    Container saoPaulo = agent("sao-paulo");

    assertThat(Pods.envValue(saoPaulo, "PROXYWATCH_CA_FILE")).isEqualTo("/etc/proxywatch/proxy-ca/ca.crt");
    assertThat(Pods.mount(saoPaulo, "proxy-ca").getMountPath()).isEqualTo("/etc/proxywatch/proxy-ca");
    assertThat(Pods.volume(pod("sao-paulo"), "proxy-ca").getSecret().getSecretName()).isEqualTo("corp-ca");
  }

  @Test
  void agents_runRestrictedWithoutPortsOrProbes() {
    for (String region : REGIONS) {
      Container agent = agent(region);
      Securities.assertRestricted(pod(region), agent, 10001L);
      assertThat(agent.getPorts()).as(region).isEmpty();
      assertThat(agent.getLivenessProbe()).as(region).isNull();
      assertThat(agent.getReadinessProbe()).as(region).isNull();
      assertThat(Pods.mount(agent, "tmp").getMountPath()).isEqualTo("/tmp");
    }
  }

  private static String agentName(String region) {
    return FULLNAME + "-agent-" + region;
  }

  private static Deployment deployment(String region) {
    return manifests.get(Deployment.class, agentName(region));
  }

  private static PodSpec pod(String region) {
    return deployment(region).getSpec().getTemplate().getSpec();
  }

  private static Container agent(String region) {
    return Pods.container(pod(region), "agent");
  }

  private static String modules(String region) {
    return manifests.get(ConfigMap.class, agentName(region)).getData().get("modules.txt");
  }
}
