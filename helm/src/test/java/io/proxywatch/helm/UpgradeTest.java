package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static io.proxywatch.helm.HelmChart.KUBERNETES;
import static io.proxywatch.helm.HelmChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Generated secrets survive upgrades: the chart reads the values already in the cluster (Helm's
 * lookup, answered here by {@link FakeKubernetesApi}) instead of generating new ones, which would lock
 * the collector out of a bundled database initialised with the old password.
 */
class UpgradeTest {

  private static final String DATABASE_SECRET = FULLNAME + "-database";
  private static final String TOKENS_SECRET = FULLNAME + "-agent-tokens";

  @AfterEach
  void forgetSecrets() {
    KUBERNETES.removeSecret(NAMESPACE, DATABASE_SECRET);
    KUBERNETES.removeSecret(NAMESPACE, TOKENS_SECRET);
  }

  @Test
  void upgrade_keepsTheGeneratedDatabasePassword() {
    KUBERNETES.putSecret(NAMESPACE, DATABASE_SECRET, Map.of("username", "proxywatch", "password", "from-install"));

    Secret secret = HelmChart.render("examples/all-in-one.yaml").get(Secret.class, DATABASE_SECRET);

    assertThat(DefaultValuesTest.decode(secret.getData().get("password"))).isEqualTo("from-install");
  }

  @Test
  void upgrade_keepsGeneratedAgentTokens_andGeneratesOnlyForNewRegions() {
    String installed = "token-from-install-0123456789abcdef";
    KUBERNETES.putSecret(NAMESPACE, TOKENS_SECRET, Map.of("local", installed));

    Secret secret = HelmChart.render("examples/all-in-one.yaml", Map.of("agents.regions[1].name", "tokyo"))
        .get(Secret.class, TOKENS_SECRET);

    assertThat(DefaultValuesTest.decode(secret.getData().get("local"))).isEqualTo(installed);
    assertThat(DefaultValuesTest.decode(secret.getData().get("tokyo"))).hasSize(32).isNotEqualTo(installed);
  }

  @Test
  void upgrade_enrolsTheKeptTokens_soRunningAgentsStayAccepted() {
    String installed = "token-from-install-0123456789abcdef";
    KUBERNETES.putSecret(NAMESPACE, TOKENS_SECRET, Map.of("local", installed));

    Secret secret = HelmChart.render("examples/all-in-one.yaml", Map.of("agents.regions[1].name", "tokyo"))
        .get(Secret.class, TOKENS_SECRET);
    Map<String, String> enrolled = Tokens.parseTokensFile(DefaultValuesTest.decode(secret.getData().get("agent-tokens.txt")));

    assertThat(enrolled).containsEntry("pw-local", "local " + installed)
        .containsEntry("pw-tokyo", "tokyo " + DefaultValuesTest.decode(secret.getData().get("tokyo")));
  }

  @Test
  void upgrade_keepsTheCollectorsChecksum_whenNothingChanged() {
    KUBERNETES.putSecret(NAMESPACE, TOKENS_SECRET, Map.of("local", "token-from-install-0123456789abcdef"));
    String first = checksum(HelmChart.render("examples/all-in-one.yaml"));

    KUBERNETES.removeSecret(NAMESPACE, TOKENS_SECRET);
    assertThat(checksum(HelmChart.render("examples/all-in-one.yaml")))
        .as("the checksum covers who is enrolled from where, not the random tokens").isEqualTo(first);
  }

  private static String checksum(Manifests manifests) {
    return manifests.get(Deployment.class, FULLNAME + "-collector").getSpec().getTemplate().getMetadata()
        .getAnnotations().get("checksum/agent-tokens");
  }

  @Test
  void explicitPassword_winsOverTheStoredOne() {
    KUBERNETES.putSecret(NAMESPACE, DATABASE_SECRET, Map.of("password", "from-install"));

    Secret secret = HelmChart.render(Map.of("database.password", "rotated")).get(Secret.class, DATABASE_SECRET);

    assertThat(DefaultValuesTest.decode(secret.getData().get("password"))).isEqualTo("rotated");
  }
}
