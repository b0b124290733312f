package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard, the PrometheusRule and the agents' metrics port. Every query and rule names only metrics
 * listed in exported-metrics.txt, which the collector's ITMetrics checks against a running collector and agent.
 */
class MonitoringTest {
  /** Metric names, as our exporters and the binders we use spell them; label values and functions do not match. */
  private static final Pattern METRIC = Pattern.compile("\\b(?:proxywatch|hikaricp|jvm|process|system)_[a-z0-9_]+");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Manifests manifests = HelmChart.render(Map.of(
      "agents.regions[0].name", "tokyo",
      "agents.metrics.enabled", "true",
      "monitoring.grafanaDashboard.enabled", "true",
      "monitoring.prometheusRule.enabled", "true",
      "monitoring.prometheusRule.labels.release", "kube-prometheus"));

  @Test
  void offByDefault() {
    Manifests defaults = HelmChart.render(Map.of("agents.regions[0].name", "tokyo"));
    assertThat(defaults.ofKind("PrometheusRule")).isEmpty();
    assertThat(defaults.find(ConfigMap.class, FULLNAME + "-dashboard")).isEmpty();
    Container agent = agent(defaults);
    assertThat(agent.getPorts()).isEmpty();
    assertThat(agent.getLivenessProbe()).isNull();
  }

  @Test
  void dashboard_isAConfigMapLabelledForTheGrafanaSidecar_andValidJson() {
    ConfigMap map = manifests.get(ConfigMap.class, FULLNAME + "-dashboard");
    assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode dashboard = JSON.readTree(map.getData().get("proxywatch.json"));
    assertThat(dashboard.get("uid").asString()).isEqualTo("proxywatch");
    assertThat(dashboardQueries(dashboard)).hasSizeGreaterThan(10);
  }

  @Test
  void everyDashboardQuery_namesOnlyExportedMetrics() throws IOException {
    JsonNode dashboard = JSON.readTree(manifests.get(ConfigMap.class, FULLNAME + "-dashboard").getData().get("proxywatch.json"));
    assertNamesOnlyExportedMetrics(dashboardQueries(dashboard));
  }

  @Test
  void rules_alertOnTheFiveConditions_andNameOnlyExportedMetrics() throws IOException {
    List<Map<String, Object>> rules = rules();
    assertThat(rules).extracting(r -> r.get("alert")).contains("ProxywatchAgentOffline", "ProxywatchSpoolGrowing",
        "ProxywatchIngestRejects", "ProxywatchTlsCertificateExpiring", "ProxywatchEpisodesFiring");
    assertNamesOnlyExportedMetrics(rules.stream().map(r -> String.valueOf(r.get("expr"))).toList());
    GenericKubernetesResource rule = (GenericKubernetesResource) manifests.ofKind("PrometheusRule").get(0);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus");
  }

  @Test
  void agentMetricsPort_servesTheKubeletsLivenessAndReadinessProbes() {
    Container agent = agent(manifests);
    assertThat(Pods.literalEnv(agent)).containsEntry("PROXYWATCH_METRICS_PORT", "9464");
    assertThat(agent.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("metrics");
      assertThat(p.getContainerPort()).isEqualTo(9464);
    });
    assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(agent.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
  }

  private static void assertNamesOnlyExportedMetrics(List<String> expressions) throws IOException {
    Set<String> exported = exported();
    for (String expression : expressions) {
      Set<String> named = new TreeSet<>();
      Matcher m = METRIC.matcher(expression);
      while (m.find()) named.add(m.group());
      assertThat(named).as(expression).isNotEmpty();
      assertThat(exported).as(expression).containsAll(named);
    }
  }

  static Set<String> exported() throws IOException {
    return Files.readAllLines(Path.of("src", "test", "resources", "exported-metrics.txt")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split(" ")[0]).collect(Collectors.toSet());
  }

  private static List<String> dashboardQueries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    dashboard.get("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.get("expr").asString())));
    dashboard.get("templating").get("list").forEach(variable -> {
      if (variable.has("definition")) queries.add(variable.get("definition").asString());
    });
    return queries;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> rules() {
    GenericKubernetesResource rule = (GenericKubernetesResource) manifests.ofKind("PrometheusRule").get(0);
    Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
    List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
    return (List<Map<String, Object>>) groups.get(0).get("rules");
  }

  private static Container agent(Manifests manifests) {
    return Pods.container(manifests.get(Deployment.class, FULLNAME + "-agent-tokyo").getSpec().getTemplate().getSpec(), "agent");
  }
}
