package io.proxywatch.collector.release;

import io.proxywatch.common.Identifiers;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One line of the module index: {@code {"Path": "...", "Version": "...", "Timestamp": "..."}}. {@code timestamp} is
 * kept as the index wrote it (nanoseconds and all): it is what the next {@code since} must repeat exactly.
 */
record IndexEntry(String path, String version, String timestamp, Instant time) {
  static final int MAX_LINE = 4096;

  String key() {
    return path + "@" + version;
  }

  /** A place-holder for a bad line that still has a usable Timestamp: it records nothing, but the cursor moves past it. */
  boolean marker() {
    return path.isEmpty();
  }

  /** The Timestamp of a line that is not a valid entry, when it has one: so the feed never stalls on bad lines. */
  static Optional<IndexEntry> timeOf(String line) {
    if (line.length() > MAX_LINE) return Optional.empty();
    try {
      Object t = new JsonObject(line).getValue("Timestamp");
      return t instanceof String s ? Optional.of(new IndexEntry("", "", s, Instant.parse(s))) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The entry, or empty with {@code why} filled when the line is not one. */
  static Optional<IndexEntry> parse(String line, StringBuilder why) {
    if (line.length() > MAX_LINE) return fail(why, "longer than " + MAX_LINE + " characters");
    JsonObject json;
    try {
      json = new JsonObject(line);
    } catch (DecodeException | ClassCastException e) {
      return fail(why, "not a JSON object");
    }
    Object path = json.getValue("Path");
    Object version = json.getValue("Version");
    Object timestamp = json.getValue("Timestamp");
    if (!(path instanceof String p) || !(version instanceof String v) || !(timestamp instanceof String t)) {
      return fail(why, "Path, Version and Timestamp must be strings");
    }
    try {
      Identifiers.checkModulePath(p);
      Identifiers.checkVersion(v);
      return Optional.of(new IndexEntry(p, v, t, Instant.parse(t)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return fail(why, e.getMessage());
    }
  }

  private static Optional<IndexEntry> fail(StringBuilder why, String reason) {
    why.setLength(0);
    why.append(reason);
    return Optional.empty();
  }
}
