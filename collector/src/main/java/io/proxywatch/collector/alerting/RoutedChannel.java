package io.proxywatch.collector.alerting;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;

/** A channel from the routes file: its type, where it posts, and its route (matchers, labels, headers). */
public record RoutedChannel(Type type, URI url, Route route) {
  public enum Type { WEBHOOK, SLACK, ALERTMANAGER }

  public RoutedChannel {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(route, "route");
  }

  Channel channel(String webhookSecret, Clock clock) {
    return switch (type) {
      case WEBHOOK -> new WebhookChannel(url, webhookSecret, clock, route);
      case SLACK -> new SlackChannel(url, clock, route);
      case ALERTMANAGER -> new AlertmanagerChannel(url, clock, route);
    };
  }

  @Override
  public String toString() {
    String shown = type == Type.SLACK ? Urls.redactPath(url.toString()) : Urls.redact(url.toString());
    return type.name().toLowerCase(java.util.Locale.ROOT) + " " + shown + " " + route;
  }
}
