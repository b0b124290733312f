package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notification channels and divergence rules reach the collector; credentials only through Secrets. */
class AlertingTest {

  private static final String COLLECTOR = FULLNAME + "-collector";

  @Test
  void webhooksSlackAndAlertmanager_fromExistingSecrets() {
    Manifests manifests = HelmChart.render(Map.of(
        "alerting.webhook.urls[0]", "https://hooks.example.com/proxywatch",
        "alerting.webhook.urls[1]", "http://receiver.tools.svc:8080/events",
        "alerting.webhook.secret.existingSecret", "proxywatch-alerting",
        "alerting.slack.existingSecret", "proxywatch-slack",
        "alerting.slack.key", "url",
        "alerting.alertmanager.urls[0]", "http://alertmanager-0.monitoring.svc:9093",
        "alerting.alertmanager.urls[1]", "http://alertmanager-1.monitoring.svc:9093",
        "alerting.alertmanager.resendInterval", "2m",
        "alerting.publicUrl", "https://proxywatch.example.com"));
    Container collector = collector(manifests);

    assertThat(Pods.literalEnv(collector))
        .containsEntry("PROXYWATCH_WEBHOOK_URLS", "https://hooks.example.com/proxywatch,http://receiver.tools.svc:8080/events")
        .containsEntry("PROXYWATCH_ALERTMANAGER_URL", "http://alertmanager-0.monitoring.svc:9093,http://alertmanager-1.monitoring.svc:9093")
        .containsEntry("PROXYWATCH_ALERTMANAGER_RESEND_INTERVAL", "2m")
        .containsEntry("PROXYWATCH_PUBLIC_URL", "https://proxywatch.example.com");
    assertThat(ref(collector, "PROXYWATCH_WEBHOOK_SECRET")).isEqualTo("proxywatch-alerting/webhook-secret");
    assertThat(ref(collector, "PROXYWATCH_SLACK_WEBHOOK_URL")).isEqualTo("proxywatch-slack/url");
    assertThat(manifests.find(Secret.class, FULLNAME + "-alerting")).as("existing Secrets only").isEmpty();
  }

  @Test
  void inlineWebhookSecretAndSlackUrl_goIntoTheChartsAlertingSecret_notTheEnvironment() {
    String slack = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
    Manifests manifests = HelmChart.render(Map.of(
        "alerting.webhook.urls[0]", "https://hooks.example.com/proxywatch",
        "alerting.webhook.secret.value", "s3cret-shared-with-the-receiver",
        "alerting.slack.url", slack));
    Container collector = collector(manifests);

    assertThat(ref(collector, "PROXYWATCH_WEBHOOK_SECRET")).isEqualTo(FULLNAME + "-alerting/webhook-secret");
    assertThat(ref(collector, "PROXYWATCH_SLACK_WEBHOOK_URL")).isEqualTo(FULLNAME + "-alerting/slack-webhook-url");
    assertThat(Tokens.value(manifests, FULLNAME + "-alerting/webhook-secret")).isEqualTo("s3cret-shared-with-the-receiver");
    assertThat(Tokens.value(manifests, FULLNAME + "-alerting/slack-webhook-url")).isEqualTo(slack);
    assertThat(Pods.literalEnv(collector).values()).noneMatch(v -> v.contains("s3cret") || v.contains("hooks.slack.com"));
  }

  @Test
  void noChannels_noNotificationEnvironment_butTheDivergenceRules() {
    Container collector = collector(HelmChart.render(Map.of(
        "alerting.immutableRounds", 3, "alerting.mutableGrace", "1h", "alerting.divergenceCooldown", "10m",
        "alerting.probeInterval", "1m")));

    assertThat(collector.getEnv()).extracting(e -> e.getName()).doesNotContain("PROXYWATCH_WEBHOOK_URLS",
        "PROXYWATCH_WEBHOOK_SECRET", "PROXYWATCH_SLACK_WEBHOOK_URL", "PROXYWATCH_ALERTMANAGER_URL");
    assertThat(Pods.literalEnv(collector)).containsEntry("PROXYWATCH_IMMUTABLE_ROUNDS", "3")
        .containsEntry("PROXYWATCH_MUTABLE_GRACE", "1h").containsEntry("PROXYWATCH_DIVERGENCE_COOLDOWN", "10m")
        .containsEntry("PROXYWATCH_PROBE_INTERVAL", "1m");
  }

  @Test
  void publicUrl_defaultsToTheRestIngress() {
    Container collector = collector(HelmChart.render("examples/central.yaml"));

    assertThat(Pods.envValue(collector, "PROXYWATCH_PUBLIC_URL")).isEqualTo("https://proxywatch.example.com");
    assertThat(Pods.envValue(collector, "PROXYWATCH_ALERTMANAGER_URL")).isEqualTo("http://alertmanager-operated.monitoring.svc:9093");
  }

  @Test
  void changedAlertingValues_restartTheCollector() {
    String before = checksum(HelmChart.render(Map.of("alerting.slack.url", "https://hooks.slack.com/services/A")));
    String after = checksum(HelmChart.render(Map.of("alerting.slack.url", "https://hooks.slack.com/services/B")));

    assertThat(before).isNotEqualTo(after);
  }

  private static String checksum(Manifests manifests) {
    return manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getMetadata().getAnnotations()
        .get("checksum/alerting");
  }

  private static String ref(Container container, String env) {
    SecretKeySelector ref = Pods.secretRef(container, env);
    return ref.getName() + "/" + ref.getKey();
  }

  private static Container collector(Manifests manifests) {
    return Pods.container(manifests.get(Deployment.class, COLLECTOR).getSpec().getTemplate().getSpec(), "collector");
  }
}
