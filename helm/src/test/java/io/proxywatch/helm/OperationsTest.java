package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The collector as a service in the cluster: its health and log options, NetworkPolicies, and the `helm test` pod. */
class OperationsTest {
  private static final String COLLECTOR = FULLNAME + "-collector";
  private static final String TEST_POD = "templates/tests/collector-ready.yaml";

  @Test
  void collector_logsJson_andGetsItsHealthAndConnectionOptions() {
    Container collector = Pods.container(HelmChart.render(Map.of()).get(Deployment.class, COLLECTOR).getSpec()
        .getTemplate().getSpec(), "collector");

    assertThat(Pods.literalEnv(collector))
        .containsEntry("PROXYWATCH_LOG_FORMAT", "json")
        .containsEntry("PROXYWATCH_STALL_BOUND", "2m")
        .containsEntry("PROXYWATCH_DRAIN_DELAY", "5s")
        .containsEntry("PROXYWATCH_GRPC_MAX_CONNECTION_AGE", "30m")
        .containsEntry("PROXYWATCH_GRPC_MAX_CONNECTION_AGE_GRACE", "5m")
        .containsEntry("PROXYWATCH_CLOCK_SKEW_BOUND", "2s");
    assertThat(collector.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(collector.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  @Test
  void networkPolicies_areOffByDefault() {
    assertThat(HelmChart.render("examples/all-in-one.yaml").all(NetworkPolicy.class)).isEmpty();
  }

  @Test
  void networkPolicies_letAgentsReachTheCollector_onlyTheCollectorReachTheDatabase_andAgentsOnlyDnsAndTheirPorts() {
    Manifests manifests = HelmChart.render("examples/all-in-one.yaml", Map.of("networkPolicy.enabled", true,
        "networkPolicy.agents.egressPorts[0]", 443, "networkPolicy.agents.egressPorts[1]", 3128));

    NetworkPolicy collector = manifests.get(NetworkPolicy.class, COLLECTOR);
    assertThat(collector.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal()).isEqualTo("grpc");
    assertThat(collector.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "agent");
    NetworkPolicy database = manifests.get(NetworkPolicy.class, FULLNAME + "-timescaledb");
    assertThat(database.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "collector");
    NetworkPolicy agents = manifests.get(NetworkPolicy.class, FULLNAME + "-agents");
    assertThat(agents.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(agents.getSpec().getIngress()).isNullOrEmpty();
    assertThat(ports(agents.getSpec().getEgress().get(0).getPorts())).containsExactly("53/UDP", "53/TCP");
    assertThat(ports(agents.getSpec().getEgress().get(1).getPorts())).containsExactly("7443/TCP", "443/TCP", "3128/TCP");
  }

  @Test
  void agentsOnly_mayReachTheRemoteCollectorsPort() {
    Manifests manifests = HelmChart.render(Map.of("collector.enabled", false, "networkPolicy.enabled", true,
        "agents.regions[0].name", "tokyo", "agents.collectorAddress", "collector.example.com:9443"));

    NetworkPolicy agents = manifests.get(NetworkPolicy.class, FULLNAME + "-agents");
    assertThat(ports(agents.getSpec().getEgress().get(1).getPorts())).contains("443/TCP", "9443/TCP");
    assertThat(manifests.find(NetworkPolicy.class, COLLECTOR)).isEmpty();
  }

  @Test
  void helmTest_isATestHook() throws IOException {
    assertThat(Files.readString(HelmChart.CHART.resolve(TEST_POD))).contains("helm.sh/hook: test");
    assertThat(HelmChart.render(Map.of()).find(Pod.class, FULLNAME + "-test-ready")).as("only `helm test` runs it").isEmpty();
  }

  @Test
  void helmTest_asksTheCollectorsServiceForReadiness() throws IOException {
    Pod test = renderTestPod(Map.of());

    assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(test.getSpec().getContainers().get(0).getCommand()).startsWith("curl", "--fail")
        .endsWith("http://" + COLLECTOR + ":8080/readyz");
    assertThat(test.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void helmTest_overTls_trustsTheSecretsCa() throws IOException {
    Pod test = renderTestPod(Map.of("collector.tls.enabled", true, "collector.tls.existingSecret", "collector-tls"));

    assertThat(test.getSpec().getContainers().get(0).getCommand())
        .contains("--cacert", "/etc/proxywatch/tls/ca.crt").endsWith("https://" + COLLECTOR + ":8080/readyz");
    assertThat(test.getSpec().getVolumes().get(0).getSecret().getSecretName()).isEqualTo("collector-tls");
  }

  /**
   * The test pod as `helm test` would create it. helm-java's template leaves hooks out, so this renders a copy of the
   * chart whose test template has its hook annotations removed (the real file's are checked above).
   */
  private static Pod renderTestPod(Map<String, Object> sets) throws IOException {
    Path copy = Files.createTempDirectory("proxywatch-chart-").resolve("proxywatch");
    try (Stream<Path> files = Files.walk(HelmChart.CHART)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(HelmChart.CHART.relativize(file).toString());
        if (Files.isDirectory(file)) Files.createDirectories(target);
        else Files.copy(file, target);
      }
    }
    Path template = copy.resolve(TEST_POD);
    Files.writeString(template, Files.readString(template).lines().filter(l -> !l.contains("helm.sh/hook"))
        .map(l -> l.equals("  annotations:") ? "  annotations: {}" : l).collect(Collectors.joining("\n")));
    TemplateCommand command = new Helm(copy).template().withName(HelmChart.RELEASE).withNamespace(HelmChart.NAMESPACE)
        .withKubeVersion(HelmChart.KUBE_VERSION);
    sets.forEach(command::set);
    return Manifests.parse(command.call()).get(Pod.class, FULLNAME + "-test-ready");
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getPort().getIntVal() + "/" + p.getProtocol()).toList();
  }
}
