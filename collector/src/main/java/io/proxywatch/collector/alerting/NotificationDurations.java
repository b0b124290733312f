package io.proxywatch.collector.alerting;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the options write them (the agent's notation): {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
final class NotificationDurations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private NotificationDurations() {}

  /** The duration, or null when the text is not one. */
  static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) return null;
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
    if (s % 86_400 == 0) return s / 86_400 + "d";
    if (s % 3600 == 0) return s / 3600 + "h";
    if (s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }
}
