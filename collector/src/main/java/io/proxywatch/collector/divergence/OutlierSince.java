package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code outlier_since} column: {@code {"region": "instant", ...}}, written and read only here. */
final class OutlierSince {
  private static final Pattern ENTRY = Pattern.compile("\"([a-z0-9-]{1,64})\"\\s*:\\s*\"([0-9T:.Z+-]{1,40})\"");

  private OutlierSince() {}

  static String toJson(Map<String, Instant> since) {
    StringBuilder json = new StringBuilder("{");
    new TreeMap<>(since).forEach((region, at) -> {
      if (json.length() > 1) json.append(',');
      json.append('"').append(region).append("\":\"").append(at).append('"');
    });
    return json.append('}').toString();
  }

  static Map<String, Instant> fromJson(String json) {
    Map<String, Instant> since = new TreeMap<>();
    if (json == null) return since;
    Matcher m = ENTRY.matcher(json);
    while (m.find()) {
      try {
        since.put(m.group(1), Instant.parse(m.group(2)));
      } catch (DateTimeParseException e) {
        throw new IllegalStateException("outlier_since holds a bad time for " + m.group(1) + ": " + m.group(2), e);
      }
    }
    return since;
  }
}
