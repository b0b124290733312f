package io.proxywatch.collector.gomod;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Module versions as the go command orders them (golang.org/x/mod/semver), written in full: {@code vMAJOR.MINOR.PATCH}, an
 * optional {@code -prerelease} that sorts before the release, {@code +build} ignored. An invalid version sorts
 * before every valid one, and two invalid ones compare equal, as semver.Compare does.
 */
public record SemVer(BigInteger major, BigInteger minor, BigInteger patch, String prerelease) implements Comparable<SemVer> {
  private static final Pattern SYNTAX = Pattern.compile(
      "v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
  private static final Pattern NUMERIC = Pattern.compile("0|[1-9]\\d*");

  /** Orders version strings as semver.Compare: invalid first, then by precedence. */
  public static final Comparator<String> ORDER = Comparator.comparing(SemVer::parse,
      (a, b) -> a.isEmpty() ? (b.isEmpty() ? 0 : -1) : b.isEmpty() ? 1 : a.get().compareTo(b.get()));

  public static Optional<SemVer> parse(String text) {
    if (text == null || text.length() > 128) return Optional.empty();
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) return Optional.empty();
    if (m.group(4) != null) {
      for (String id : m.group(4).split("\\.")) {
        if (id.chars().allMatch(Character::isDigit) && !NUMERIC.matcher(id).matches()) return Optional.empty();
      }
    }
    return Optional.of(new SemVer(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)),
        m.group(4) == null ? "" : m.group(4)));
  }

  public static boolean valid(String text) {
    return parse(text).isPresent();
  }

  /** True when {@code a} sorts after {@code b}. */
  public static boolean newer(String a, String b) {
    return ORDER.compare(a, b) > 0;
  }

  @Override
  public int compareTo(SemVer o) {
    int c = major.compareTo(o.major);
    if (c == 0) c = minor.compareTo(o.minor);
    if (c == 0) c = patch.compareTo(o.patch);
    return c != 0 ? c : comparePrerelease(prerelease, o.prerelease);
  }

  private static int comparePrerelease(String a, String b) {
    if (a.equals(b)) return 0;
    if (a.isEmpty()) return 1;
    if (b.isEmpty()) return -1;
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = compareIdentifier(x[i], y[i]);
      if (c != 0) return c;
    }
    return Integer.compare(x.length, y.length);
  }

  private static int compareIdentifier(String a, String b) {
    boolean na = NUMERIC.matcher(a).matches();
    boolean nb = NUMERIC.matcher(b).matches();
    if (na && nb) return new BigInteger(a).compareTo(new BigInteger(b));
    if (na) return -1;
    if (nb) return 1;
    return a.compareTo(b);
  }
}
