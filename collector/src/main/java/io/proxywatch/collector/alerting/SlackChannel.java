package io.proxywatch.collector.alerting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Objects;

/** A Slack incoming webhook: one line a person can read at a glance, plus a link to the episode. */
final class SlackChannel implements Channel {
  private final URI url;
  private final Clock clock;
  private final String id;
  private final Route route;

  SlackChannel(URI url, Clock clock, Route route) {
    this.url = Objects.requireNonNull(url, "url");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.route = Objects.requireNonNull(route, "route");
    this.id = Urls.channelId("slack", url, route);
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
    return Channel.postJson(url, message(event, clock).encode());
  }

  static JsonObject message(AlertEvent e, Clock clock) {
    String line = line(e, clock);
    JsonArray blocks = new JsonArray().add(mrkdwn("section", line));
    String context = "episode " + e.episodeId() + (e.detailUrl().isEmpty() ? "" : " · <" + e.detailUrl() + "|details>");
    blocks.add(new JsonObject().put("type", "context").put("elements", new JsonArray().add(text(context))));
    return new JsonObject().put("text", line).put("blocks", blocks);
  }

  /** ":rotating_light: *Divergence firing*: `example.com/hello@v1.0.0 .info` — content differs: ...". */
  static String line(AlertEvent e, Clock clock) {
    String target = AlertText.target(e);
    return emoji(e) + " *" + AlertText.headline(e) + "* (" + e.severity().label() + "): "
        + (target.isEmpty() ? "" : "`" + escape(target) + "` — ")
        + escape(AlertText.detail(e, clock));
  }

  private static String emoji(AlertEvent e) {
    if (!e.isFiring()) return ":white_check_mark:";
    return AlertText.isAgentAlert(e) || AlertText.isRegionAlert(e) ? ":warning:" : ":rotating_light:";
  }

  /** Slack's three control characters in mrkdwn. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static JsonObject mrkdwn(String type, String text) {
    return new JsonObject().put("type", type).put("text", text(text));
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("type", "mrkdwn").put("text", text);
  }
}
