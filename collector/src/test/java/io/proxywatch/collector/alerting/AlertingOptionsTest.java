package io.proxywatch.collector.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.common.OptionEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class AlertingOptionsTest {
  static final Map<String, String> WITH_SECRET = Map.of(AlertingOptions.SECRET_ENV, "hunter2-hunter2");

  @Command(name = "serve")
  static final class Serve implements Runnable {
    @Mixin AlertingOptions alerting = new AlertingOptions();

    @Override
    public void run() {}
  }

  static AlertingConfig load(Map<String, String> env, String... args) {
    Serve serve = new Serve();
    CommandLine cmd = new CommandLine(serve);
    cmd.parseArgs(args);
    return serve.alerting.toConfig(cmd, new OptionEnvironment(env, Map.of()));
  }

  @Test
  void defaults_haveNoChannels_andTheDocumentedTimings() {
    AlertingConfig config = load(Map.of());
    assertThat(config.hasChannels()).isFalse();
    assertThat(config.timings().alertmanagerResend()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.timings().maxAge()).isEqualTo(Duration.ofHours(24));
    assertThat(config.timings().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void durations_useTheSharedGrammar_compoundAndDays() {
    AlertingConfig config = load(Map.of(), "--notification-max-age", "1d12h", "--alertmanager-resend-interval", "1m30s");
    assertThat(config.timings().maxAge()).isEqualTo(Duration.ofHours(36));
    assertThat(config.timings().alertmanagerResend()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void repeatedAndCommaSeparatedUrls_areAllKept_once() {
    AlertingConfig config = load(WITH_SECRET, "--webhook-url", "https://a.example/hook,http://b.example:8080/x",
        "--webhook-url", "https://a.example/hook", "--alertmanager-url", "http://am-0:9093", "--alertmanager-url", "http://am-1:9093",
        "--slack-webhook-url", "https://hooks.slack.com/services/T0/B0/xyz", "--alertmanager-resend-interval", "15s");
    assertThat(config.webhookUrls()).containsExactly(URI.create("https://a.example/hook"), URI.create("http://b.example:8080/x"));
    assertThat(config.alertmanagerUrls()).hasSize(2);
    assertThat(config.slackUrls()).hasSize(1);
    assertThat(config.webhookSecret()).isEqualTo("hunter2-hunter2");
    assertThat(config.timings().alertmanagerResend()).isEqualTo(Duration.ofSeconds(15));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--webhook-url|ftp://x|--webhook-url: expected an http(s) URL, got \"ftp://x\"",
      "--webhook-url|/relative/path|--webhook-url: expected an http(s) URL, got \"/relative/path\"",
      "--alertmanager-url|http//am:9093|--alertmanager-url: expected an http(s) URL, got \"http//am:9093\"",
      "--alertmanager-url|http://|--alertmanager-url: expected an http(s) URL, got \"http://\"",
      "--slack-webhook-url|htps://hooks.slack.com/services/T0/B0/s3cr3t|--slack-webhook-url: expected an http(s) URL, got \"htps://hooks.slack.com/***\"",
      "--alertmanager-resend-interval|0s|--alertmanager-resend-interval: expected a duration from 1s to 1h, got \"0s\"",
      "--notification-max-age|forever|--notification-max-age: expected a duration like 500ms, 90s, 1h30m or 1d, got \"forever\"",
      "--notification-timeout|10|--notification-timeout: expected a duration like 500ms, 90s, 1h30m or 1d, got \"10\"",
  })
  void badValue_isRejected_namingTheOptionAndValue(String option, String value, String message) {
    assertThatThrownBy(() -> load(WITH_SECRET, option, value))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage(message);
  }

  @Test
  void badUrl_neverEchoesCredentials() {
    assertThatThrownBy(() -> load(WITH_SECRET, "--webhook-url", "ftp://user:pw@x/hook?token=t0ken"))
        .hasMessageNotContaining("pw").hasMessageNotContaining("t0ken").hasMessageContaining("ftp://***@x/hook?***");
  }

  @Test
  void webhookWithoutSecret_refusesToStart() {
    assertThatThrownBy(() -> load(Map.of(), "--webhook-url", "https://a.example/hook"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--webhook-url: webhooks are signed, so a secret is required: set PROXYWATCH_WEBHOOK_SECRET or --webhook-secret-file");
  }

  @Test
  void secretFile_winsOverTheEnvironment_andIsNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "from-the-file\n");
    AlertingConfig config = load(WITH_SECRET, "--webhook-url", "https://a.example/hook", "--webhook-secret-file", file.toString());
    assertThat(config.webhookSecret()).isEqualTo("from-the-file");
    assertThat(config.toString()).doesNotContain("from-the-file").contains("webhookSecret=***");
  }

  @Test
  void unreadableOrEmptySecretFile_isRejected(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    assertThatThrownBy(() -> load(Map.of(), "--webhook-url", "https://a.example/", "--webhook-secret-file", empty.toString()))
        .hasMessage("--webhook-secret-file: the file \"" + empty + "\" is empty");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> load(Map.of(), "--webhook-url", "https://a.example/", "--webhook-secret-file", missing.toString()))
        .hasMessage("--webhook-secret-file: cannot read \"" + missing + "\": NoSuchFileException");
  }

  @Test
  void toString_hidesTheSlackPathAndQueryStrings() {
    AlertingConfig config = load(WITH_SECRET, "--slack-webhook-url", "https://hooks.slack.com/services/T0/B0/s3cr3t",
        "--webhook-url", "https://a.example/hook?token=abc");
    assertThat(config.toString()).doesNotContain("s3cr3t").doesNotContain("abc").doesNotContain("hunter2")
        .contains("https://hooks.slack.com/***").contains("https://a.example/hook?***");
  }
}
