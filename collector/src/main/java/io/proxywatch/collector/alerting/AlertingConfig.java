package io.proxywatch.collector.alerting;

import io.proxywatch.common.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where notifications go and how hard to try; built by {@link AlertingOptions} or directly in tests.
 * {@code webhookSecret} signs webhook bodies and never appears in {@link #toString()}.
 */
public record AlertingConfig(List<URI> webhookUrls, String webhookSecret, List<URI> slackUrls, List<URI> alertmanagerUrls,
                             Timings timings, List<RoutedChannel> routes) {
  public AlertingConfig {
    webhookUrls = List.copyOf(webhookUrls);
    webhookSecret = webhookSecret == null ? "" : webhookSecret;
    slackUrls = List.copyOf(slackUrls);
    alertmanagerUrls = List.copyOf(alertmanagerUrls);
    Objects.requireNonNull(timings, "timings");
    routes = List.copyOf(routes);
    boolean routedWebhook = routes.stream().anyMatch(r -> r.type() == RoutedChannel.Type.WEBHOOK);
    if ((!webhookUrls.isEmpty() || routedWebhook) && webhookSecret.isEmpty()) {
      throw new IllegalArgumentException("webhook URLs need a signing secret (PROXYWATCH_WEBHOOK_SECRET or --webhook-secret-file)");
    }
  }

  /** Only the channels of the flags, each getting every event. */
  public AlertingConfig(List<URI> webhookUrls, String webhookSecret, List<URI> slackUrls, List<URI> alertmanagerUrls,
                        Timings timings) {
    this(webhookUrls, webhookSecret, slackUrls, alertmanagerUrls, timings, List.of());
  }

  /** No channels: the outbox accepts events and stores nothing. */
  public static AlertingConfig none() {
    return new AlertingConfig(List.of(), "", List.of(), List.of(), Timings.DEFAULT);
  }

  public boolean hasChannels() {
    return !webhookUrls.isEmpty() || !slackUrls.isEmpty() || !alertmanagerUrls.isEmpty() || !routes.isEmpty();
  }

  @Override
  public String toString() {
    return "AlertingConfig[webhookUrls=" + Urls.redact(webhookUrls) + ", webhookSecret=" + (webhookSecret.isEmpty() ? "(none)" : "***")
        + ", slackUrls=" + Urls.redactPath(slackUrls) + ", alertmanagerUrls=" + Urls.redact(alertmanagerUrls) + ", " + timings
        + ", routes=" + routes + "]";
  }

  /**
   * How often and how long: {@code poll} is the outbox poll interval, retries back off from {@code initialBackoff}
   * doubling to {@code maxBackoff} with jitter until a row is {@code maxAge} old, each HTTP call gets
   * {@code requestTimeout}, and firing alerts are re-sent to Alertmanager every {@code alertmanagerResend}.
   */
  public record Timings(Duration poll, Duration initialBackoff, Duration maxBackoff, Duration maxAge, Duration requestTimeout,
                        Duration alertmanagerResend) {
    /** The defaults of the options, written once as the options write them. */
    public static final String DEFAULT_MAX_AGE = "24h";
    public static final String DEFAULT_REQUEST_TIMEOUT = "10s";
    public static final String DEFAULT_ALERTMANAGER_RESEND = "60s";
    public static final Timings DEFAULT = new Timings(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(5),
        Durations.parse(DEFAULT_MAX_AGE), Durations.parse(DEFAULT_REQUEST_TIMEOUT), Durations.parse(DEFAULT_ALERTMANAGER_RESEND));

    public Timings {
      for (Duration d : List.of(poll, initialBackoff, maxBackoff, maxAge, requestTimeout, alertmanagerResend)) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timings must be positive: " + d);
      }
    }

    @Override
    public String toString() {
      return "Timings[poll=" + Durations.format(poll) + ", backoff=" + Durations.format(initialBackoff)
          + "-" + Durations.format(maxBackoff) + ", maxAge=" + Durations.format(maxAge)
          + ", requestTimeout=" + Durations.format(requestTimeout)
          + ", alertmanagerResend=" + Durations.format(alertmanagerResend) + "]";
    }
  }
}
