package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart's own values: two collectors against an external database, no agents. */
class DefaultValuesTest {

  private static final String COLLECTOR = FULLNAME + "-collector";
  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = HelmChart.render(Map.of());
  }

  @Test
  void rendersCollectorWithServicePdbAndDatabaseSecret_only() {
    assertThat(manifests.names()).containsExactlyInAnyOrder(
        "ServiceAccount/" + FULLNAME,
        "Secret/" + FULLNAME + "-database",
        "Deployment/" + COLLECTOR,
        "Service/" + COLLECTOR,
        "PodDisruptionBudget/" + COLLECTOR);
    assertThat(manifests.all(StatefulSet.class)).isEmpty();
    assertThat(manifests.all(Ingress.class)).isEmpty();
    assertThat(manifests.ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void everyObject_carriesTheStandardLabels() {
    for (HasMetadata object : manifests.all()) {
      assertThat(object.getMetadata().getLabels()).as(object.getKind())
          .containsEntry("app.kubernetes.io/name", "proxywatch")
          .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
          .containsEntry("app.kubernetes.io/version", "0.1.0")
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/part-of", "proxywatch")
          .containsEntry("helm.sh/chart", "proxywatch-0.1.0");
    }
  }

  @Test
  void collector_runsTwoReplicasOfServeWithNamedPorts() {
    Deployment deployment = manifests.get(Deployment.class, COLLECTOR);
    Container collector = Pods.container(deployment.getSpec().getTemplate().getSpec(), "collector");

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(collector.getImage()).isEqualTo("proxywatch/collector:0.1.0");
    assertThat(collector.getArgs()).containsExactly("serve");
    assertThat(collector.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("grpc:7443", "http:8080");
  }

  @Test
  void collectorPodSelector_matchesItsPodsAndNotOtherComponents() {
    Deployment deployment = manifests.get(Deployment.class, COLLECTOR);
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(selector).containsEntry("app.kubernetes.io/component", "collector");
    assertThat(manifests.get(Service.class, COLLECTOR).getSpec().getSelector()).isEqualTo(selector);
  }

  @Test
  void collectorProbes_useHealthzForLivenessAndReadyzForReadiness() {
    Container collector = collector();

    assertThat(collector.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(collector.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(collector.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(collector.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(collector.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void collectorEnvironment_takesDatabaseCredentialsFromTheChartSecret() {
    Container collector = collector();

    assertThat(Pods.envValue(collector, "PROXYWATCH_DB_URL")).isEqualTo("jdbc:postgresql://timescaledb:5432/proxywatch");
    assertThat(Pods.secretRef(collector, "PROXYWATCH_DB_USER"))
        .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo(FULLNAME + "-database/username"));
    assertThat(Pods.secretRef(collector, "PROXYWATCH_DB_PASSWORD"))
        .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo(FULLNAME + "-database/password"));
    assertThat(Pods.literalEnv(collector)).containsEntry("PROXYWATCH_GRPC_PORT", "7443")
        .containsEntry("PROXYWATCH_HTTP_PORT", "8080").containsEntry("PROXYWATCH_LOG_LEVEL", "INFO")
        .as("tokens required; no agents here to enrol").doesNotContainKeys("PROXYWATCH_INSECURE_NO_AUTH",
            "PROXYWATCH_AGENT_TOKENS_FILE", "PROXYWATCH_TLS_CERT");
  }

  @Test
  void databaseSecret_holdsTheUserAndAGeneratedPassword() {
    Secret secret = manifests.get(Secret.class, FULLNAME + "-database");

    assertThat(decode(secret.getData().get("username"))).isEqualTo("proxywatch");
    assertThat(decode(secret.getData().get("password"))).hasSize(32).matches("[A-Za-z0-9]+");
  }

  @Test
  void collectorSecurityContext_isNonRootReadOnlyWithoutPrivileges() {
    PodSpec pod = manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec();
    Container collector = Pods.container(pod, "collector");

    Securities.assertRestricted(pod, collector, 10001L);
    assertThat(Pods.mount(collector, "tmp").getMountPath()).isEqualTo("/tmp");
    assertThat(Pods.volume(pod, "tmp").getEmptyDir()).isNotNull();
  }

  @Test
  void service_exposesGrpcAndHttpByName() {
    Service service = manifests.get(Service.class, COLLECTOR);

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("grpc:7443->grpc", "http:8080->http");
  }

  @Test
  void podDisruptionBudget_coversTheCollectorsWhenThereIsMoreThanOne() {
    PodDisruptionBudget pdb = manifests.get(PodDisruptionBudget.class, COLLECTOR);

    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(manifests.get(Deployment.class, COLLECTOR).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void pods_doNotMountAServiceAccountToken() {
    assertThat(manifests.get(ServiceAccount.class, FULLNAME).getAutomountServiceAccountToken()).isFalse();
    PodSpec pod = manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  private static Container collector() {
    return Pods.container(manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec(), "collector");
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
