package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The values files the README tells users to install with. */
class ExamplesTest {

  @Test
  void everyExample_rendersToValidObjects() throws IOException {
    List<String> examples;
    try (Stream<Path> files = Files.list(HelmChart.CHART.resolveSibling("examples"))) {
      examples = files.map(f -> "examples/" + f.getFileName()).sorted().collect(Collectors.toList());
    }

    assertThat(examples).contains("examples/central.yaml", "examples/region-tokyo.yaml", "examples/all-in-one.yaml");
    for (String example : examples) {
      assertThat(HelmChart.render(example).all()).as(example).isNotEmpty();
    }
  }

  @Test
  void regionExample_runsOneAgentWithPersistentSpoolTlsAndTheGivenTokenFile() {
    Manifests manifests = HelmChart.render("examples/region-tokyo.yaml");
    String name = FULLNAME + "-agent-tokyo";
    Container agent = Pods.container(manifests.get(Deployment.class, name).getSpec().getTemplate().getSpec(), "agent");

    assertThat(manifests.all(Deployment.class)).hasSize(1);
    assertThat(Pods.envValue(agent, "PROXYWATCH_COLLECTOR")).isEqualTo("grpc.proxywatch.example.com:443");
    assertThat(Tokens.agentTokenSource(manifests.get(Deployment.class, name).getSpec().getTemplate().getSpec()))
        .isEqualTo("proxywatch-agent-tokyo/token");
    assertThat(Pods.envValue(agent, "PROXYWATCH_COLLECTOR_TLS")).isEqualTo("true");
    assertThat(Pods.literalEnv(agent)).doesNotContainKey("PROXYWATCH_COLLECTOR_CA");
    assertThat(manifests.get(PersistentVolumeClaim.class, name).getSpec().getResources().getRequests().get("storage"))
        .hasToString("304Mi");
    assertThat(manifests.all(Secret.class)).as("no chart-created Secret in a region's cluster").isEmpty();
  }
}
