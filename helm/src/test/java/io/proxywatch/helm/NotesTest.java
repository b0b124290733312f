package io.proxywatch.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.InstallCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NOTES.txt, which template does not render: a client-only dry-run install prints it. */
class NotesTest {

  static String notes(String valuesFile, Map<String, Object> sets) {
    InstallCommand install = HelmChart.helm().install().withName(HelmChart.RELEASE)
        .withNamespace(HelmChart.NAMESPACE).withKubeVersion(HelmChart.KUBE_VERSION).dryRun().clientOnly();
    if (valuesFile != null) {
      install.withValuesFile(HelmChart.CHART.resolveSibling(valuesFile));
    }
    sets.forEach(install::set);
    return install.call().getOutput();
  }

  @Test
  void central_showsHowToMakeAnApiTokenAndWhoIsEnrolled() {
    String notes = notes("examples/central.yaml", Map.of());

    assertThat(notes).contains("api-tokens add --name", "Authorization: Bearer $TOKEN",
        "proxywatch-tokyo (region tokyo), token in Secret proxywatch-agent-tokyo key token",
        "rollout restart deployment/pw-proxywatch-collector")
        .doesNotContain("insecureNoAuth is true");
  }

  @Test
  void region_tellsWhatTheCentralReleaseMustEnrol() {
    String notes = notes("examples/region-tokyo.yaml", Map.of());

    assertThat(notes).contains("token file from Secret proxywatch-agent-tokyo key token",
        "collector.enrolledAgents: [{agentId: pw-tokyo, region: tokyo")
        .doesNotContain("state: emptyDir");
  }

  @Test
  void insecureCollectorWithoutPersistentAgents_isWarnedAbout() {
    String notes = notes(null, Map.of("collector.insecureNoAuth", true, "agents.regions[0].name", "local",
        "collector.tls.enabled", true, "collector.tls.existingSecret", "tls"));

    assertThat(notes).contains("WARNING: collector.insecureNoAuth is true", "state: emptyDir",
        "curl -k https://127.0.0.1:8080/readyz");
  }
}
