package io.proxywatch.collector.alerting;

import java.net.http.HttpRequest;

/** One place notifications go. Implementations only build requests; {@link HttpDelivery} sends them. */
interface Channel {
  /** Stable and secret-free (kind:host:hash): the outbox key and the metrics tag. */
  String id();

  /** Which events this channel gets and what it adds to them. */
  default Route route() {
    return Route.ALL;
  }

  /** The request delivering outbox row {@code deliveryId}; built anew for each attempt. */
  HttpRequest.Builder request(long deliveryId, AlertEvent event);

  static HttpRequest.Builder postJson(java.net.URI url, String body) {
    return postJson(url, body, Route.ALL);
  }

  /** A JSON POST with the route's extra headers (a tenant, an authorization). */
  static HttpRequest.Builder postJson(java.net.URI url, String body, Route route) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "proxywatch-collector")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    route.headers().forEach(request::header);
    return request;
  }
}
