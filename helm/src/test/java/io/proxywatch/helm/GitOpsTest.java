package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rendered as Argo CD and Flux render it: `helm template` with nothing in the cluster for lookup to find (the fake
 * Kubernetes API holds no Secret here). With generatedSecrets.seed every render is the same, byte for byte, so a
 * sync never mints a new database password or new agent tokens.
 */
class GitOpsTest {
  private static final Map<String, Object> SEED = Map.of("generatedSecrets.seed", "kept-in-an-encrypted-values-file");

  @Test
  void withASeed_twoRendersWithoutACluster_areIdentical() {
    String first = HelmChart.template(SEED).withValuesFile(HelmChart.CHART.resolveSibling("examples/all-in-one.yaml")).call();
    String second = HelmChart.template(SEED).withValuesFile(HelmChart.CHART.resolveSibling("examples/all-in-one.yaml")).call();

    assertThat(second).isEqualTo(first);
    Manifests manifests = Manifests.parse(first);
    String password = secret(manifests, FULLNAME + "-database", "password");
    String token = secret(manifests, FULLNAME + "-agent-tokens", "local");
    assertThat(password).hasSize(32).doesNotContain("kept-in");
    assertThat(token).hasSize(32).isNotEqualTo(password);
  }

  @Test
  void withoutASeed_generatedValuesChangeFromRenderToRender_whichIsWhyGitOpsNeedsOne() {
    String first = secret(HelmChart.render("examples/all-in-one.yaml"), FULLNAME + "-database", "password");
    String second = secret(HelmChart.render("examples/all-in-one.yaml"), FULLNAME + "-database", "password");

    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void anExplicitValue_winsOverTheSeed() {
    Map<String, Object> sets = new java.util.HashMap<>(SEED);
    sets.put("database.password", "chosen-by-hand");

    assertThat(secret(HelmChart.render("examples/all-in-one.yaml", sets), FULLNAME + "-database", "password"))
        .isEqualTo("chosen-by-hand");
  }

  private static String secret(Manifests manifests, String name, String key) {
    return DefaultValuesTest.decode(manifests.get(Secret.class, name).getData().get(key));
  }
}
