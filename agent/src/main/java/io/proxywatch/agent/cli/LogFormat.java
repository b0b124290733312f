package io.proxywatch.agent.cli;

import java.util.Locale;

/**
 * {@code --log-format}: picks the appender logback.xml sends events to, through the system property it reads
 * ({@code proxywatch.logFormat}). Logback reads its configuration at the first logger, so this must run before.
 */
final class LogFormat {
  static final String PROPERTY = "proxywatch.logFormat";

  private LogFormat() {}

  /** {@code text} or {@code json}; IllegalArgumentException naming the option and the value otherwise. */
  static void select(String text) {
    String format = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("--log-format: expected text or json, got \"" + text + "\"");
    }
    System.setProperty(PROPERTY, format);
  }
}
