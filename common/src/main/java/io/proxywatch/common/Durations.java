package io.proxywatch.common;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every option and REST parameter, Go's and Prometheus': whole numbers with the
 * units ms, s, m, h and d, compound in decreasing order ({@code 500ms}, {@code 90s}, {@code 1h30m}, {@code 2d12h}).
 * Like Go's {@code time.Duration} a value is at most 106751d; messages say what was expected and what came.
 */
public final class Durations {
  /** What a duration looks like, for messages: {@code expected a duration like ..., got "x"}. */
  public static final String EXAMPLES = "a duration like 500ms, 90s, 1h30m or 1d";
  /** The longest duration Go can represent: 2^63-1 nanoseconds, about 292 years. */
  public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

  private static final List<Unit> UNITS = List.of(new Unit("d", Duration.ofDays(1)), new Unit("h", Duration.ofHours(1)),
      new Unit("m", Duration.ofMinutes(1)), new Unit("s", Duration.ofSeconds(1)), new Unit("ms", Duration.ofMillis(1)));
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private record Unit(String name, Duration length) {}

  private Durations() {}

  /** Parses {@code text} (surrounding blanks ignored); IllegalArgumentException, without an option name, otherwise. */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.startsWith("-")) throw new IllegalArgumentException("expected a duration >= 0s, got \"" + trimmed + "\"");
    Matcher m = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    int lastUnit = -1;
    while (m.find() && m.start() == end) {
      int unit = unitIndex(m.group(2));
      if (unit <= lastUnit) throw syntax(trimmed);
      total = add(total, m.group(1), UNITS.get(unit), trimmed);
      lastUnit = unit;
      end = m.end();
    }
    if (end == 0 || end != trimmed.length()) throw syntax(trimmed);
    return total;
  }

  /** {@link #parse} and at least {@code min}: {@code expected a duration >= 1s, got "0s"}. */
  public static Duration parseAtLeast(String text, Duration min) {
    return parseBetween(text, min, MAX);
  }

  /** {@link #parse} within [min, max]: {@code expected a duration from 1s to 1d, got "100ms"}. */
  public static Duration parseBetween(String text, Duration min, Duration max) {
    Duration value = parse(text);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      String range = max.equals(MAX) ? ">= " + format(min) : "from " + format(min) + " to " + format(max);
      throw new IllegalArgumentException("expected a duration " + range + ", got \"" + text.trim() + "\"");
    }
    return value;
  }

  /** The canonical form, largest unit first, zero parts left out: 0s, 500ms, 1m10s, 1h30m, 2d12h, 1s500ms. */
  public static String format(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("negative duration " + d);
    if (d.compareTo(Duration.ofMillis(1)) < 0) return "0s";
    StringBuilder out = new StringBuilder();
    Duration rest = d;
    for (Unit unit : UNITS) {
      long count = rest.dividedBy(unit.length());
      if (count > 0) out.append(count).append(unit.name());
      rest = rest.minus(unit.length().multipliedBy(count));
    }
    return out.toString();
  }

  private static int unitIndex(String name) {
    for (int i = 0; i < UNITS.size(); i++) {
      if (UNITS.get(i).name().equals(name)) return i;
    }
    throw new IllegalStateException(name);
  }

  private static Duration add(Duration total, String digits, Unit unit, String text) {
    try {
      Duration sum = total.plus(unit.length().multipliedBy(Long.parseLong(digits)));
      if (sum.compareTo(MAX) <= 0) return sum;
    } catch (ArithmeticException | NumberFormatException e) {
      // too large for a long or a Duration: the same answer as too large for Go
    }
    throw new IllegalArgumentException("expected a duration of at most " + format(MAX) + ", got \"" + text + "\"");
  }

  private static IllegalArgumentException syntax(String text) {
    return new IllegalArgumentException("expected " + EXAMPLES + ", got \"" + text + "\"");
  }
}
