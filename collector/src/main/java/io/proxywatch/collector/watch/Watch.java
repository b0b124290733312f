package io.proxywatch.collector.watch;

import io.proxywatch.common.Durations;
import io.proxywatch.common.Identifiers;
import io.proxywatch.proto.EndpointKinds;
import io.proxywatch.proto.v1.EndpointKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to watch, said once: a module (or every module under a path prefix ending in '/'), which of its versions,
 * which endpoints, through which proxies (none: each agent's own default), from which regions (none: all), and
 * how often. {@code source} is {@code manual} (REST, CLI) or {@code file} (--watches-file, its source of truth).
 */
public record Watch(String name, String module, VersionSelector versions, List<EndpointKind> endpoints,
                    List<String> proxies, List<String> regions, Cadence cadence, String source) {
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  public static final String NAME_RULE = "1-64 characters of [a-z0-9._-], starting with a letter or digit";
  public static final int MAX_PROXIES = 8;

  public Watch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(versions, "versions");
    endpoints = List.copyOf(endpoints);
    proxies = List.copyOf(proxies);
    regions = List.copyOf(regions);
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(source, "source");
  }

  /** A prefix watch follows every module under the path (as the module index reports them). */
  public boolean prefix() {
    return module.endsWith("/");
  }

  public boolean covers(String modulePath) {
    return prefix() ? modulePath.startsWith(module) : modulePath.equals(module);
  }

  public boolean probedFrom(String region) {
    return regions.isEmpty() || regions.contains(region);
  }

  /**
   * How often each kind of endpoint is probed: {@code mutable} for @v/list and @latest, {@code info} for .info,
   * {@code immutable} for .mod and .zip (agents probe those again at once when the module's list changes).
   */
  public record Cadence(Duration mutable, Duration info, Duration immutable) {
    public static final String DEFAULT_MUTABLE = "30s";
    public static final String DEFAULT_INFO = "5m";
    public static final String DEFAULT_IMMUTABLE = "1h";
    public static final Cadence DEFAULT = new Cadence(Durations.parse(DEFAULT_MUTABLE), Durations.parse(DEFAULT_INFO),
        Durations.parse(DEFAULT_IMMUTABLE));

    public Duration of(EndpointKind endpoint) {
      return switch (endpoint) {
        case ENDPOINT_KIND_INFO -> info;
        case ENDPOINT_KIND_MOD, ENDPOINT_KIND_ZIP -> immutable;
        default -> mutable;
      };
    }
  }

  /** Builds a watch from its written parts, checking each; IllegalArgumentException names the field and the value. */
  public static Watch of(String name, String module, String versions, List<String> endpoints, List<String> proxies,
                         List<String> regions, String mutable, String info, String immutable, String source) {
    check(name != null && NAME.matcher(name).matches(), "name", name, NAME_RULE);
    checkModule(module);
    VersionSelector selector = field("versions", versions, () -> VersionSelector.parse(versions));
    if (module.endsWith("/") && selector instanceof VersionSelector.Exact) {
      throw new IllegalArgumentException("versions: expected all, latest:N or new for a module prefix, got \"" + versions + "\"");
    }
    return new Watch(name, module, selector, endpoints(endpoints), proxies(proxies), regions(regions),
        new Cadence(cadence("cadence.mutable", mutable), cadence("cadence.info", info),
            cadence("cadence.immutable", immutable)), source);
  }

  private static void checkModule(String module) {
    check(module != null && !module.isEmpty() && module.length() <= 512, "module", module, "a module path or a prefix ending in '/'");
    String path = module.endsWith("/") ? module.substring(0, module.length() - 1) : module;
    field("module", module, () -> {
      Identifiers.checkModulePath(path);
      return path;
    });
  }

  private static List<EndpointKind> endpoints(List<String> names) {
    if (names == null || names.isEmpty()) return EndpointKinds.known();
    LinkedHashSet<EndpointKind> kinds = new LinkedHashSet<>();
    for (String n : names) {
      kinds.add(EndpointKinds.parse(n).orElseThrow(() -> new IllegalArgumentException(
          "endpoints: expected some of " + EndpointKinds.names() + ", got \"" + shown(n) + "\"")));
    }
    return List.copyOf(kinds);
  }

  private static List<String> proxies(List<String> urls) {
    List<String> proxies = new ArrayList<>();
    for (String url : urls == null ? List.<String>of() : urls) {
      String base = url == null ? "" : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      check(validProxy(base), "proxies", url, "http(s) URLs of at most 1024 characters, without query or credentials");
      if (!proxies.contains(base)) proxies.add(base);
    }
    check(proxies.size() <= MAX_PROXIES, "proxies", proxies.size() + " proxies", "at most " + MAX_PROXIES);
    return proxies;
  }

  static boolean validProxy(String base) {
    if (base.isEmpty() || base.length() > 1024) return false;
    try {
      URI uri = new URI(base);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static List<String> regions(List<String> regions) {
    List<String> out = new ArrayList<>();
    for (String r : regions == null ? List.<String>of() : regions) {
      check(Identifiers.isRegion(r), "regions", r, Identifiers.REGION_RULE);
      if (!out.contains(r)) out.add(r);
    }
    return out;
  }

  private static Duration cadence(String field, String text) {
    return field(field, text, () -> Durations.parseBetween(text, Duration.ofSeconds(1), Duration.ofDays(7)));
  }

  private static <T> T field(String field, String value, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(field + ": " + (message.startsWith("expected") ? message
          : "expected a valid value, got \"" + shown(String.valueOf(value)) + "\" (" + message + ")"));
    }
  }

  private static void check(boolean ok, String field, Object value, String expected) {
    if (!ok) throw new IllegalArgumentException(field + ": expected " + expected + ", got \"" + shown(String.valueOf(value)) + "\"");
  }

  private static String shown(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
