package io.proxywatch.collector.alerting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Prometheus Alertmanager's {@code POST /api/v2/alerts}. Firing alerts carry no endsAt, so Alertmanager
 * resolves them by itself after its resolve_timeout unless they are re-sent ({@link #refresh}); a resolved
 * event sets endsAt. The labels must be the same in every post of one episode: they are the alert's identity.
 */
final class AlertmanagerChannel implements Channel {
  private final URI alertsUrl;
  private final Clock clock;
  private final String id;
  private final Route route;

  AlertmanagerChannel(URI baseUrl, Clock clock, Route route) {
    String base = Objects.requireNonNull(baseUrl, "baseUrl").toString().replaceAll("/+$", "");
    this.alertsUrl = URI.create(base + "/api/v2/alerts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.route = Objects.requireNonNull(route, "route");
    this.id = Urls.channelId("alertmanager", baseUrl, route);
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
    return refresh(List.of(event));
  }

  /** One post with every given alert: how firing alerts are kept alive. */
  HttpRequest.Builder refresh(List<AlertEvent> events) {
    JsonArray alerts = new JsonArray();
    events.forEach(e -> alerts.add(alert(e, clock, route)));
    return Channel.postJson(alertsUrl, alerts.encode(), route);
  }

  static JsonObject alert(AlertEvent e, Clock clock, Route route) {
    Instant startsAt = e.firedAt() != null ? e.firedAt() : e.openedAt() != null ? e.openedAt() : clock.instant();
    Map<String, Object> labels = new TreeMap<>(route.labels());
    labels.putAll(labels(e));
    JsonObject alert = new JsonObject().put("labels", new JsonObject(labels))
        .put("annotations", new JsonObject()
            .put("summary", AlertText.summary(e, clock))
            .put("description", AlertText.fingerprints(e)))
        .put("startsAt", startsAt.toString());
    if (!e.isFiring()) alert.put("endsAt", (e.resolvedAt() != null ? e.resolvedAt() : clock.instant()).toString());
    if (!e.detailUrl().isEmpty()) alert.put("generatorURL", e.detailUrl());
    return alert;
  }

  /** The labels proxywatch sets itself; a route's static labels may not reuse these names. */
  static final java.util.Set<String> BUILT_IN_LABELS = java.util.Set.of("alertname", "severity", "kind", "module", "version",
      "endpoint", "url", "outlier_regions");

  /** Empty values are left out, as Prometheus treats an empty label as an absent one. */
  static Map<String, Object> labels(AlertEvent e) {
    Map<String, Object> labels = new TreeMap<>();
    List<String> outliers = new ArrayList<>(e.outlierRegions());
    outliers.sort(null);
    put(labels, "alertname", e.alertName());
    put(labels, "severity", e.severity().label());
    put(labels, "kind", e.kind().label());
    put(labels, "module", e.module());
    put(labels, "version", e.version());
    put(labels, "endpoint", e.endpoint());
    put(labels, "url", e.url());
    put(labels, "outlier_regions", String.join(",", outliers));
    return labels;
  }

  private static void put(Map<String, Object> labels, String name, String value) {
    if (!value.isEmpty()) labels.put(name, value);
  }
}
