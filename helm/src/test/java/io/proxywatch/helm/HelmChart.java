package io.proxywatch.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;

/** The chart under test, rendered by the real Helm engine as release {@value #RELEASE}. */
final class HelmChart {

  static final String RELEASE = "pw";
  static final String NAMESPACE = "monitoring";
  /** helm-java's client-only default is v1.20.0, older than the chart's kubeVersion allows. */
  static final String KUBE_VERSION = "v1.31.0";
  /** Resource name prefix for {@link #RELEASE}: {@code <release>-<chart>}. */
  static final String FULLNAME = RELEASE + "-proxywatch";

  private static final Path HELM_DIR = Path.of(System.getProperty("proxywatch.helm.dir", "."));
  static final Path CHART = HELM_DIR.resolve("proxywatch");
  /** Answers the chart's {@code lookup} calls; surefire points KUBECONFIG at the file it writes. */
  static final FakeKubernetesApi KUBERNETES = FakeKubernetesApi.start(kubeconfig());

  private HelmChart() {}

  /** Without KUBECONFIG, Helm's lookup would reach ~/.kube/config's cluster or localhost:8080. */
  private static Path kubeconfig() {
    String file = System.getenv("KUBECONFIG");
    if (file == null || file.isBlank()) {
      throw new IllegalStateException("KUBECONFIG is not set: run the chart tests through Maven (surefire sets it)");
    }
    return Path.of(file);
  }

  static Helm helm() {
    return new Helm(CHART);
  }

  /** Renders with the chart's defaults plus {@code sets} (helm --set syntax). */
  static Manifests render(Map<String, Object> sets) {
    return Manifests.parse(template(sets).call());
  }

  /** Renders with a values file relative to helm/, e.g. {@code examples/central.yaml}, plus {@code sets}. */
  static Manifests render(String valuesFile, Map<String, Object> sets) {
    return Manifests.parse(template(sets).withValuesFile(HELM_DIR.resolve(valuesFile)).call());
  }

  static Manifests render(String valuesFile) {
    return render(valuesFile, Map.of());
  }

  /** Renders a values file relative to helm/ as another release, e.g. the README's "proxywatch". */
  static Manifests renderAs(String release, String valuesFile) {
    return Manifests.parse(template(release, Map.of()).withValuesFile(HELM_DIR.resolve(valuesFile)).call());
  }

  static TemplateCommand template(Map<String, Object> sets) {
    return template(RELEASE, sets);
  }

  static TemplateCommand template(String release, Map<String, Object> sets) {
    TemplateCommand command = helm().template().withName(release).withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    sets.forEach(command::set);
    return command;
  }
}
