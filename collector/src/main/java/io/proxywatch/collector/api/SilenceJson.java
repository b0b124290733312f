package io.proxywatch.collector.api;

import io.proxywatch.collector.alerting.Silence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** Silences as the REST API reads and shows them: snake_case, RFC 3339 times, an "active" flag computed at now. */
final class SilenceJson {
  static final Set<String> FIELDS = Set.of("region", "module_prefix", "kind", "proxy", "starts_at", "ends_at", "author",
      "comment");

  private SilenceJson() {}

  static JsonObject silence(Silence s, Instant now) {
    Silence.Fields f = s.fields();
    return new JsonObject().put("id", s.id()).put("active", s.activeAt(now))
        .put("region", f.region()).put("module_prefix", f.modulePrefix()).put("kind", f.kind()).put("proxy", f.proxy())
        .put("starts_at", f.startsAt().toString()).put("ends_at", f.endsAt().toString())
        .put("author", f.author()).put("comment", f.comment())
        .put("created_at", s.createdAt().toString()).put("updated_at", s.updatedAt().toString());
  }

  static JsonObject list(List<Silence> silences, Instant now) {
    JsonArray array = new JsonArray();
    silences.forEach(s -> array.add(silence(s, now)));
    return new JsonObject().put("silences", array);
  }

  /** The fields of a body over {@code base}: a field given replaces it, one left out keeps it. */
  static Silence.Fields fields(JsonObject body, Silence.Fields base) {
    for (String name : body.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new BadRequestException("unknown field '" + name + "'", "allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    return new Silence.Fields(text(body, "region", base.region()), text(body, "module_prefix", base.modulePrefix()),
        text(body, "kind", base.kind()), text(body, "proxy", base.proxy()), time(body, "starts_at", base.startsAt()),
        time(body, "ends_at", base.endsAt()), text(body, "author", base.author()), text(body, "comment", base.comment()));
  }

  private static String text(JsonObject body, String name, String otherwise) {
    if (!body.containsKey(name)) return otherwise;
    Object value = body.getValue(name);
    if (value == null) return "";
    if (!(value instanceof String s)) throw invalid(name, "a string", String.valueOf(value));
    return s;
  }

  private static Instant time(JsonObject body, String name, Instant otherwise) {
    String text = text(body, name, null);
    if (text == null) return otherwise;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(name, "an RFC 3339 time like 2026-11-26T09:00:00Z", text);
    }
  }

  static BadRequestException invalid(String field, String expected, String got) {
    return invalid(field, "expected " + expected + ", got \"" + (got.length() > 100 ? got.substring(0, 100) + "..." : got) + "\"");
  }

  static BadRequestException invalid(String field, String detail) {
    return new BadRequestException("invalid field '" + field + "'", detail);
  }
}
