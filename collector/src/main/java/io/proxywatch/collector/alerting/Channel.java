package io.proxywatch.collector.alerting;

import java.net.http.HttpRequest;

/** One place notifications go. Implementations only build requests; {@link HttpDelivery} sends them. */
interface Channel {
  /** Stable and secret-free (kind:host:hash): the outbox key and the metrics tag. */
  String id();

  /** The request delivering outbox row {@code deliveryId}; built anew for each attempt. */
  HttpRequest.Builder request(long deliveryId, AlertEvent event);

  static HttpRequest.Builder postJson(java.net.URI url, String body) {
    return HttpRequest.newBuilder(url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "proxywatch-collector")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }
}
