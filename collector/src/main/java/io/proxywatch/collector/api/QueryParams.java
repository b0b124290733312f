package io.proxywatch.collector.api;

import io.proxywatch.common.Durations;
import io.proxywatch.common.Identifiers;
import io.proxywatch.proto.EndpointKinds;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads and checks query parameters. An unknown parameter is an error (it is usually a typo that would
 * otherwise silently widen the query), and every error names the parameter and the value it got.
 */
final class QueryParams {
  private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");

  private final MultiMap params;
  private final Clock clock;

  /** The request's query parameters; a query string that cannot be decoded (bad %-escapes) is a 400 too. */
  static QueryParams of(io.vertx.ext.web.RoutingContext ctx, Set<String> allowed, Clock clock) {
    MultiMap params;
    try {
      params = ctx.queryParams();
    } catch (IllegalArgumentException | io.vertx.ext.web.handler.HttpException e) {
      throw new BadRequestException("malformed query string", "percent-escapes must be %XX with hex digits");
    }
    return new QueryParams(params, allowed, clock);
  }

  QueryParams(MultiMap params, Set<String> allowed, Clock clock) {
    this.params = params;
    this.clock = clock;
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        throw new BadRequestException("unknown parameter '" + shorten(name) + "'",
            "allowed: " + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (params.getAll(name).size() > 1) throw new BadRequestException("parameter '" + name + "' given more than once", "give it once");
    }
  }

  Optional<String> region() {
    return identifier("region", Identifiers::isRegion, Identifiers.REGION_RULE);
  }

  /** The endpoint kind's name as stored ({@link EndpointKinds}), checked against the known kinds. */
  Optional<String> endpoint() {
    return raw("endpoint").map(v -> EndpointKinds.parse(v).map(EndpointKinds::name)
        .orElseThrow(() -> invalid("endpoint", "one of " + EndpointKinds.names(), v)));
  }

  /** Free text such as a module path or URL: printable, at most maxLength characters. */
  Optional<String> text(String name, int maxLength) {
    return matching(name, PRINTABLE, "printable text").map(v -> {
      if (v.length() > maxLength) throw invalid(name, "at most " + maxLength + " characters", v);
      return v;
    });
  }

  /** An RFC 3339 time (2026-11-26T09:00:00Z) or a time relative to now (-15m, -24h). */
  Optional<Instant> time(String name) {
    return raw(name).map(v -> {
      if (v.startsWith("-")) return clock.instant().minus(duration(name, v.substring(1)));
      try {
        return OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e) {
        throw invalid(name, "an RFC 3339 time like 2026-11-26T09:00:00Z or a relative time like -1h", v);
      }
    });
  }

  int integer(String name, int defaultValue, int min, int max) {
    return raw(name).map(v -> {
      try {
        int value = Integer.parseInt(v);
        if (value >= min && value <= max) return value;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(name, "an integer from " + min + " to " + max, v);
    }).orElse(defaultValue);
  }

  /** One of a fixed set of words. */
  Optional<String> choice(String name, Set<String> allowed) {
    Optional<String> value = raw(name);
    if (value.isPresent() && !allowed.contains(value.get())) {
      throw invalid(name, "one of " + String.join(", ", allowed.stream().sorted().toList()), value.get());
    }
    return value;
  }

  boolean bool(String name) {
    return choice(name, Set.of("true", "false")).map(Boolean::parseBoolean).orElse(false);
  }

  /** A positive whole number, such as an id. */
  Optional<Long> id(String name) {
    return raw(name).map(v -> parseId(name, v));
  }

  static long parseId(String name, String value) {
    try {
      long id = Long.parseLong(value);
      if (id > 0) return id;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, "a positive integer", value);
  }

  Optional<Duration> duration(String name) {
    return raw(name).map(v -> duration(name, v));
  }

  Optional<String> raw(String name) {
    String value = params.get(name);
    if (value == null) return Optional.empty();
    if (value.isEmpty()) throw invalid(name, "a value", value);
    return Optional.of(value);
  }

  /** An identifier such as a region or an agent id, checked by its rule in {@link Identifiers}. */
  Optional<String> identifier(String name, Predicate<String> rule, String expected) {
    Optional<String> value = raw(name);
    if (value.isPresent() && !rule.test(value.get())) throw invalid(name, expected, value.get());
    return value;
  }

  private Optional<String> matching(String name, Pattern pattern, String expected) {
    Optional<String> value = raw(name);
    if (value.isPresent() && !pattern.matcher(value.get()).matches()) throw invalid(name, expected, value.get());
    return value;
  }

  private static Duration duration(String name, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid(name, Durations.EXAMPLES, text);
    }
  }

  static BadRequestException invalid(String name, String expected, String got) {
    return new BadRequestException("invalid parameter '" + name + "'", "expected " + expected + ", got \"" + shorten(got) + "\"");
  }

  private static String shorten(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 100 ? printable.substring(0, 100) + "..." : printable;
  }
}
