package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/central.yaml: three collectors, an external database from an existing Secret, Ingresses. */
class ReplicatedCollectorExternalDatabaseTest {

  private static final String COLLECTOR = FULLNAME + "-collector";
  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = HelmChart.render("examples/central.yaml");
  }

  @Test
  void collector_runsThreeReplicasUnderADisruptionBudget() {
    assertThat(manifests.get(Deployment.class, COLLECTOR).getSpec().getReplicas()).isEqualTo(3);
    assertThat(manifests.get(PodDisruptionBudget.class, COLLECTOR).getSpec().getMaxUnavailable().getIntVal())
        .isEqualTo(1);
    assertThat(manifests.all(Deployment.class)).hasSize(1);
  }

  @Test
  void collector_connectsToTheExternalUrlWithTheExistingSecretsKeys() {
    Container collector = collector();

    assertThat(Pods.envValue(collector, "PROXYWATCH_DB_URL"))
        .isEqualTo("jdbc:postgresql://tsdb.db.svc:5432/proxywatch?sslmode=require");
    assertThat(Pods.secretRef(collector, "PROXYWATCH_DB_USER"))
        .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("proxywatch-db/user"));
    assertThat(Pods.secretRef(collector, "PROXYWATCH_DB_PASSWORD"))
        .satisfies(ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("proxywatch-db/password"));
    assertThat(manifests.all(Secret.class)).as("an existing Secret is used, none is created").isEmpty();
  }

  @Test
  void replicas_preferDifferentNodes() {
    var affinity = manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec().getAffinity();

    assertThat(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(term -> assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
  }

  @Test
  void ingresses_routeRestToHttpAndAgentsToGrpc() {
    assertThat(backend(manifests.get(Ingress.class, COLLECTOR))).isEqualTo(COLLECTOR + ":http");
    Ingress grpc = manifests.get(Ingress.class, COLLECTOR + "-grpc");

    assertThat(backend(grpc)).isEqualTo(COLLECTOR + ":grpc");
    assertThat(grpc.getSpec().getRules()).singleElement()
        .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("grpc.proxywatch.example.com"));
    assertThat(grpc.getSpec().getTls()).singleElement()
        .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("proxywatch-grpc-tls"));
    assertThat(grpc.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "GRPC");
    assertThat(grpc.getSpec().getIngressClassName()).isEqualTo("nginx");
  }

  @Test
  @SuppressWarnings("unchecked")
  void serviceMonitor_scrapesMetricsOnTheHttpPort() {
    GenericKubernetesResource monitor = (GenericKubernetesResource) manifests.ofKind("ServiceMonitor").get(0);
    Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
    Map<String, Object> selector = (Map<String, Object>) spec.get("selector");

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
    assertThat(selector.get("matchLabels"))
        .isEqualTo(manifests.get(Deployment.class, COLLECTOR).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void singleReplica_hasNoDisruptionBudget() {
    Manifests single = HelmChart.render("examples/central.yaml", Map.of("collector.replicaCount", 1));

    assertThat(single.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(single.all(HasMetadata.class)).isNotEmpty();
  }

  private static Container collector() {
    return Pods.container(manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec(), "collector");
  }

  private static String backend(Ingress ingress) {
    HTTPIngressPath path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
    return path.getBackend().getService().getName() + ":" + path.getBackend().getService().getPort().getName();
  }
}
