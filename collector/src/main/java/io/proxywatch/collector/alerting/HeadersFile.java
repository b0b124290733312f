package io.proxywatch.collector.alerting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Extra request headers, one {@code Name: value} a line ({@code #} comments and blank lines skipped), such as
 * {@code X-Scope-OrgID: tenant} or {@code Authorization: Bearer ...}. Values are credentials: an error names the file
 * and line, never the value.
 */
final class HeadersFile {
  private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  /** Set by the HTTP client or by proxywatch itself. */
  private static final Set<String> RESERVED = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "content-type", "user-agent", "x-proxywatch-timestamp", "x-proxywatch-signature", "x-proxywatch-delivery");

  private HeadersFile() {}

  static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("headers_file: cannot read \"" + file + "\": " + Urls.ioProblem(e));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).strip();
      String value = colon < 0 ? "" : line.substring(colon + 1).strip();
      String where = "headers_file \"" + file + "\" line " + (i + 1);
      if (!NAME.matcher(name).matches() || value.isEmpty() || value.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(where + ": expected \"Name: value\"");
      }
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) throw new IllegalArgumentException(where + ": " + name + " is set by proxywatch");
      if (headers.put(name, value) != null) throw new IllegalArgumentException(where + ": " + name + " is given twice");
    }
    return headers;
  }
}
