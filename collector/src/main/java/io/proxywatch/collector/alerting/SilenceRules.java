package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;

/** The limits a silence must keep, checked the same way for the REST API and the command line. */
public final class SilenceRules {
  public static final Duration MAX_LENGTH = Duration.ofDays(366);
  static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]*");

  private SilenceRules() {}

  /** Throws {@link InvalidSilenceException} naming the first bad field; {@code creating} also requires a future end. */
  public static Silence.Fields check(Silence.Fields f, Instant now, boolean creating) {
    if (!f.region().isEmpty() && !REGION.matcher(f.region()).matches()) throw bad("region", "1-64 of [a-z0-9-]", f.region());
    text("module_prefix", f.modulePrefix(), 0, 512);
    if (!f.knownKind()) throw bad("kind", "one of " + kinds(), f.kind());
    if (!f.proxy().isEmpty()) proxy(f.proxy());
    if (f.region().isEmpty() && f.modulePrefix().isEmpty() && f.kind().isEmpty() && f.proxy().isEmpty()) {
      throw bad("matchers", "at least one of region, module_prefix, kind, proxy", "");
    }
    if (f.endsAt() == null) throw bad("ends_at", "an RFC 3339 time", "");
    if (f.startsAt() == null) throw bad("starts_at", "an RFC 3339 time", "");
    if (!f.endsAt().isAfter(f.startsAt())) throw bad("ends_at", "a time after starts_at (" + f.startsAt() + ")", f.endsAt().toString());
    if (Duration.between(f.startsAt(), f.endsAt()).compareTo(MAX_LENGTH) > 0) {
      throw bad("ends_at", "at most 366 days after starts_at (" + f.startsAt() + ")", f.endsAt().toString());
    }
    if (creating && !f.endsAt().isAfter(now)) throw bad("ends_at", "a time in the future", f.endsAt().toString());
    text("author", f.author(), 1, 64);
    text("comment", f.comment(), 0, 1024);
    return f;
  }

  private static void text(String field, String value, int min, int max) {
    if (!PRINTABLE.matcher(value).matches()) throw bad(field, "printable text", value);
    if (value.length() < min || value.length() > max) throw bad(field, min + " to " + max + " characters", value);
  }

  private static void proxy(String value) {
    try {
      URI uri = new URI(value);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (http && uri.getHost() != null && uri.getQuery() == null && value.length() <= 2048) return;
    } catch (URISyntaxException e) {
      // reported below
    }
    throw bad("proxy", "an http(s) base URL like https://proxy.golang.org", value);
  }

  private static String kinds() {
    return String.join(", ", Arrays.stream(EpisodeKind.values()).map(EpisodeKind::label).toList());
  }

  static InvalidSilenceException bad(String field, String expected, String got) {
    String shown = got.replaceAll("\\p{Cntrl}", "?");
    return new InvalidSilenceException(field, expected, shown.length() > 100 ? shown.substring(0, 100) + "..." : shown);
  }
}
