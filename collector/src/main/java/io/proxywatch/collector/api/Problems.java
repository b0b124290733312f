package io.proxywatch.collector.api;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * RFC 9457 problem details. The {@code type} is a URN that names the kind of error and never changes, so a client
 * can branch on it without parsing the title: {@code urn:proxywatch:problem:invalid-parameter} and so on, one per
 * status; {@code about:blank} for a status without its own.
 */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";
  private static final String PREFIX = "urn:proxywatch:problem:";
  private static final Map<Integer, String> TYPES = Map.of(400, "invalid-parameter", 401, "unauthorized", 403, "forbidden",
      404, "not-found", 409, "conflict", 413, "body-too-large", 429, "too-many-requests", 500, "internal-error",
      503, "unavailable");

  private Problems() {}

  static String type(int status) {
    String name = TYPES.get(status);
    return name == null ? "about:blank" : PREFIX + name;
  }

  static JsonObject of(int status, String title, String detail) {
    return new JsonObject().put("type", type(status)).put("title", title).put("status", status).put("detail", detail)
        .put("error", title);
  }
}
