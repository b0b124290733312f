package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The collector serving gRPC and HTTP over TLS with mutual TLS for agents, and an in-cluster agent. */
class CollectorTlsTest {

  private static final String COLLECTOR = FULLNAME + "-collector";
  private static final Map<String, Object> TLS = Map.of(
      "collector.tls.enabled", true,
      "collector.tls.existingSecret", "proxywatch-tls",
      "collector.tls.clientCa.enabled", true,
      "collector.serviceMonitor.enabled", true,
      "agents.regions[0].name", "tokyo",
      "agents.collectorTls.clientCert.existingSecret", "proxywatch-agent-client-tls");
  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = HelmChart.render(TLS);
  }

  @Test
  void collector_readsCertificateKeyAndClientCaFromTheTlsSecret() {
    PodSpec pod = pod(COLLECTOR);
    Container collector = Pods.container(pod, "collector");

    assertThat(Pods.envValue(collector, "PROXYWATCH_TLS_CERT")).isEqualTo("/etc/proxywatch/tls/tls.crt");
    assertThat(Pods.envValue(collector, "PROXYWATCH_TLS_KEY")).isEqualTo("/etc/proxywatch/tls/tls.key");
    assertThat(Pods.envValue(collector, "PROXYWATCH_TLS_CLIENT_CA")).isEqualTo("/etc/proxywatch/client-ca/ca.crt");
    assertThat(Pods.mount(collector, "tls").getMountPath()).isEqualTo("/etc/proxywatch/tls");
    assertThat(Pods.mount(collector, "tls").getReadOnly()).isTrue();
    assertThat(Pods.mount(collector, "client-ca").getReadOnly()).isTrue();
    assertThat(Pods.volume(pod, "tls").getSecret().getSecretName()).isEqualTo("proxywatch-tls");
    assertThat(Pods.volume(pod, "tls").getSecret().getItems()).extracting(i -> i.getKey())
        .containsExactly("tls.crt", "tls.key");
    assertThat(Pods.volume(pod, "client-ca").getSecret().getSecretName()).isEqualTo("proxywatch-tls");
  }

  @Test
  void probes_useHttps() {
    Container collector = Pods.container(pod(COLLECTOR), "collector");

    for (Probe probe : List.of(collector.getStartupProbe(), collector.getLivenessProbe(), collector.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
    assertThat(pod(COLLECTOR).getContainers()).hasSize(1);
  }

  @Test
  void probes_usePlainHttpWithoutTls() {
    Container collector = Pods.container(HelmChart.render(Map.of()).get(Deployment.class, COLLECTOR)
        .getSpec().getTemplate().getSpec(), "collector");

    assertThat(collector.getReadinessProbe().getHttpGet().getScheme()).isIn(null, "HTTP");
    assertThat(collector.getLivenessProbe().getHttpGet().getScheme()).isIn(null, "HTTP");
  }

  @Test
  @SuppressWarnings("unchecked")
  void serviceMonitor_scrapesOverHttps() {
    GenericKubernetesResource monitor = (GenericKubernetesResource) manifests.ofKind("ServiceMonitor").get(0);
    Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");

    assertThat(endpoints).singleElement().satisfies(e -> assertThat(e).containsEntry("scheme", "https"));
  }

  @Test
  void inClusterAgent_usesTlsTrustingOnlyTheCaOfTheCollectorSecret_andPresentsItsClientCertificate() {
    PodSpec pod = pod(FULLNAME + "-agent-tokyo");
    Container agent = Pods.container(pod, "agent");

    assertThat(Pods.literalEnv(agent))
        .containsEntry("PROXYWATCH_COLLECTOR", COLLECTOR + ".monitoring.svc:7443")
        .containsEntry("PROXYWATCH_COLLECTOR_TLS", "true")
        .containsEntry("PROXYWATCH_COLLECTOR_CA", "/etc/proxywatch/collector-ca/ca.crt")
        .containsEntry("PROXYWATCH_CLIENT_CERT", "/etc/proxywatch/client-tls/tls.crt")
        .containsEntry("PROXYWATCH_CLIENT_KEY", "/etc/proxywatch/client-tls/tls.key");
    assertThat(Pods.volume(pod, "collector-ca").getSecret().getSecretName()).isEqualTo("proxywatch-tls");
    assertThat(Pods.volume(pod, "collector-ca").getSecret().getItems()).as("never the collector's private key")
        .extracting(i -> i.getKey()).containsExactly("ca.crt");
    assertThat(Pods.volume(pod, "client-tls").getSecret().getSecretName()).isEqualTo("proxywatch-agent-client-tls");
    assertThat(Pods.mount(agent, "collector-ca").getReadOnly()).isTrue();
  }

  @Test
  void inClusterAgentWithoutClientCertificate_isRefusedWhenTheCollectorRequiresOne() {
    Map<String, Object> sets = new java.util.HashMap<>(TLS);
    sets.remove("agents.collectorTls.clientCert.existingSecret");

    assertThatThrownBy(() -> HelmChart.render(sets)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("collector.tls.clientCa.enabled requires a client certificate from every agent");
  }

  @Test
  void tlsWithoutClientCa_needsNoClientCertificate() {
    Manifests plain = HelmChart.render(Map.of("collector.tls.enabled", true, "collector.tls.existingSecret", "proxywatch-tls",
        "agents.regions[0].name", "tokyo"));
    Container agent = Pods.container(plain.get(Deployment.class, FULLNAME + "-agent-tokyo").getSpec().getTemplate().getSpec(), "agent");
    Container collector = Pods.container(plain.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec(), "collector");

    assertThat(Pods.literalEnv(agent)).containsEntry("PROXYWATCH_COLLECTOR_TLS", "true").doesNotContainKey("PROXYWATCH_CLIENT_CERT");
    assertThat(Pods.literalEnv(collector)).containsKey("PROXYWATCH_TLS_CERT").doesNotContainKey("PROXYWATCH_TLS_CLIENT_CA");
  }

  private static PodSpec pod(String deployment) {
    return manifests.get(Deployment.class, deployment).getSpec().getTemplate().getSpec();
  }
}
