package io.proxywatch.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as options write them: {@code 1048576}, {@code 512KiB}, {@code 16MiB}, {@code 1GiB}. */
public final class Sizes {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

  private Sizes() {}

  public static long parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size like 16MiB, 512KiB or 1048576, got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    return switch (unit) {
      case "KiB" -> n << 10;
      case "MiB" -> n << 20;
      case "GiB" -> n << 30;
      default -> n;
    };
  }
}
