package io.proxywatch.collector.alerting;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;

/** The generic webhook: the event as JSON, HMAC-signed, with the outbox row id for receivers to dedupe on. */
final class WebhookChannel implements Channel {
  private final URI url;
  private final String secret;
  private final Clock clock;
  private final String id;
  private final Route route;

  WebhookChannel(URI url, String secret, Clock clock, Route route) {
    this.url = Objects.requireNonNull(url, "url");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.route = Objects.requireNonNull(route, "route");
    this.id = Urls.channelId("webhook", url, route);
  }

  @Override
  public Route route() {
    return route;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public HttpRequest.Builder request(long deliveryId, AlertEvent event) {
    Instant now = clock.instant();
    JsonObject json = AlertEventJson.toJson(event).put("sent_at", now.toString());
    if (!route.labels().isEmpty()) json.put("labels", new JsonObject(new LinkedHashMap<>(route.labels())));
    String body = json.encode();
    String timestamp = String.valueOf(now.getEpochSecond());
    return Channel.postJson(url, body, route)
        .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
        .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
        .header(WebhookSignature.DELIVERY_HEADER, String.valueOf(deliveryId));
  }
}
