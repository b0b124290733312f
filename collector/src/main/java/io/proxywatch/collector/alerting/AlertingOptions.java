package io.proxywatch.collector.alerting;

import io.proxywatch.common.Durations;
import io.proxywatch.common.OptionEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The notification options, a picocli mixin for {@code serve}. Every option also reads an environment variable;
 * {@link #toConfig(CommandLine)} validates everything and names the option and value in its message.
 */
public final class AlertingOptions {
  static final String SECRET_ENV = "PROXYWATCH_WEBHOOK_SECRET";

  @Option(names = "--webhook-url", paramLabel = "URL", split = ",",
      description = "POST signed JSON alert events here; repeatable (env PROXYWATCH_WEBHOOK_URLS, comma-separated)")
  public List<String> webhookUrls = new ArrayList<>();

  @Option(names = "--webhook-secret-file", paramLabel = "FILE", 
      description = "File holding the webhook HMAC secret (env PROXYWATCH_WEBHOOK_SECRET_FILE); "
          + "or put the secret itself in env " + SECRET_ENV)
  public String webhookSecretFile;

  @Option(names = "--slack-webhook-url", paramLabel = "URL", split = ",",
      description = "Slack incoming-webhook URL; repeatable (env PROXYWATCH_SLACK_WEBHOOK_URL). The URL is a credential: prefer the env")
  public List<String> slackWebhookUrls = new ArrayList<>();

  @Option(names = "--alertmanager-url", paramLabel = "URL", split = ",",
      description = "Alertmanager base URL (alerts go to URL/api/v2/alerts); repeat for each member of an HA pair "
          + "(env PROXYWATCH_ALERTMANAGER_URL, comma-separated)")
  public List<String> alertmanagerUrls = new ArrayList<>();

  @Option(names = "--alertmanager-resend-interval", paramLabel = "DURATION",
      defaultValue = AlertingConfig.Timings.DEFAULT_ALERTMANAGER_RESEND,
      description = "Re-send firing alerts to Alertmanager this often; keep it below its resolve_timeout "
          + "(env PROXYWATCH_ALERTMANAGER_RESEND_INTERVAL). Default: ${DEFAULT-VALUE}")
  public String alertmanagerResendInterval;

  @Option(names = "--notification-max-age", paramLabel = "DURATION", defaultValue = AlertingConfig.Timings.DEFAULT_MAX_AGE,
      description = "Stop retrying a notification this long after it was queued (env PROXYWATCH_NOTIFICATION_MAX_AGE). "
          + "Default: ${DEFAULT-VALUE}")
  public String notificationMaxAge;

  @Option(names = "--notification-timeout", paramLabel = "DURATION", defaultValue = AlertingConfig.Timings.DEFAULT_REQUEST_TIMEOUT,
      description = "Timeout of each notification HTTP call (env PROXYWATCH_NOTIFICATION_TIMEOUT). Default: ${DEFAULT-VALUE}")
  public String notificationTimeout;

  @Option(names = "--alert-routes-file", paramLabel = "FILE", defaultValue = "",
      description = "YAML file of routed channels (type, url, match, labels, headers_file), in addition to the channels"
          + " above, which get every event (env PROXYWATCH_ALERT_ROUTES_FILE)")
  public String alertRoutesFile;

  /**
   * The validated configuration; a bad value is a ParameterException naming the option (exit status 2). The
   * webhook secret has no option (it would show in ps) and is read from {@code env}.
   */
  public AlertingConfig toConfig(CommandLine cmd, OptionEnvironment env) {
    List<URI> webhooks = urls(cmd, "--webhook-url", webhookUrls, Urls::redact);
    List<URI> slack = urls(cmd, "--slack-webhook-url", slackWebhookUrls, Urls::redactPath);
    List<URI> alertmanagers = urls(cmd, "--alertmanager-url", alertmanagerUrls, Urls::redact);
    List<RoutedChannel> routes = routes(cmd);
    boolean signed = !webhooks.isEmpty() || routes.stream().anyMatch(r -> r.type() == RoutedChannel.Type.WEBHOOK);
    String secret = signed ? secret(cmd, env) : "";
    AlertingConfig.Timings defaults = AlertingConfig.Timings.DEFAULT;
    AlertingConfig.Timings timings = new AlertingConfig.Timings(defaults.poll(), defaults.initialBackoff(),
        defaults.maxBackoff(),
        duration(cmd, "--notification-max-age", notificationMaxAge, Duration.ofMinutes(1), Duration.ofDays(30)),
        duration(cmd, "--notification-timeout", notificationTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5)),
        duration(cmd, "--alertmanager-resend-interval", alertmanagerResendInterval, Duration.ofSeconds(1), Duration.ofHours(1)));
    return new AlertingConfig(webhooks, secret, slack, alertmanagers, timings, routes);
  }

  private List<RoutedChannel> routes(CommandLine cmd) {
    if (alertRoutesFile == null || alertRoutesFile.isBlank()) return List.of();
    try {
      return RoutesFile.load(Path.of(alertRoutesFile));
    } catch (IllegalArgumentException e) {
      throw bad(cmd, "--alert-routes-file: " + alertRoutesFile + ": " + e.getMessage());
    }
  }

  private static List<URI> urls(CommandLine cmd, String option, List<String> values, UnaryOperator<String> redact) {
    LinkedHashSet<URI> urls = new LinkedHashSet<>();
    for (String value : values == null ? List.<String>of() : values) {
      if (!value.isBlank()) urls.add(url(cmd, option, value.trim(), redact));
    }
    return List.copyOf(urls);
  }

  private static URI url(CommandLine cmd, String option, String value, UnaryOperator<String> redact) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return uri;
    } catch (java.net.URISyntaxException e) {
      // reported below, like any other unusable value
    }
    throw bad(cmd, option + ": expected an http(s) URL, got \"" + redact.apply(value) + "\"");
  }

  /** The file wins over the environment variable; neither is ever echoed. */
  private String secret(CommandLine cmd, OptionEnvironment env) {
    if (webhookSecretFile != null && !webhookSecretFile.isBlank()) return secretFromFile(cmd, Path.of(webhookSecretFile));
    String secret = env.get(SECRET_ENV).orElse("").strip();
    if (secret.isEmpty()) {
      throw bad(cmd, "--webhook-url: webhooks are signed, so a secret is required: set " + SECRET_ENV
          + " or --webhook-secret-file");
    }
    return secret;
  }

  private static String secretFromFile(CommandLine cmd, Path file) {
    try {
      String secret = Files.readString(file).strip();
      if (secret.isEmpty()) throw bad(cmd, "--webhook-secret-file: the file \"" + file + "\" is empty");
      return secret;
    } catch (IOException e) {
      throw bad(cmd, "--webhook-secret-file: cannot read \"" + file + "\": " + e.getClass().getSimpleName());
    }
  }

  private static Duration duration(CommandLine cmd, String option, String value, Duration min, Duration max) {
    try {
      return Durations.parseBetween(value, min, max);
    } catch (IllegalArgumentException e) {
      throw bad(cmd, option + ": " + e.getMessage());
    }
  }

  private static CommandLine.ParameterException bad(CommandLine cmd, String message) {
    return new CommandLine.ParameterException(cmd, message);
  }
}
