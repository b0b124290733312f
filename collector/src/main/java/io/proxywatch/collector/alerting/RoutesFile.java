package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The alert routes file (YAML): {@code routes:}, a list of channels, each with {@code name} (stable: it is part of the
 * channel id outbox rows are keyed by), {@code type} (webhook, slack, alertmanager), {@code url}, and optionally
 * {@code match} (severity, kind, region, module_prefix), {@code labels} and {@code headers_file}. Unknown keys are
 * errors naming the full key; header values are read from their file and never shown.
 */
public final class RoutesFile {
  private static final Set<String> TOP = Set.of("routes");
  private static final Set<String> ENTRY = Set.of("name", "type", "url", "match", "labels", "headers_file");
  private static final Set<String> MATCH = Set.of("severity", "kind", "region", "module_prefix");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,127}");

  private RoutesFile() {}

  /** The routed channels; an {@link IllegalArgumentException} names the key and the value that is wrong. */
  public static List<RoutedChannel> load(Path file) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read \"" + file + "\": " + Urls.ioProblem(e));
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException("not YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    Map<String, Object> top = map("(top level)", root, TOP);
    List<RoutedChannel> routes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Object entries = top.getOrDefault("routes", List.of());
    if (!(entries instanceof List<?> list)) throw bad("routes", "a list of routes", entries);
    for (int i = 0; i < list.size(); i++) {
      RoutedChannel routed = entry("routes[" + i + "]", list.get(i), file.getParent());
      if (!names.add(routed.route().name())) throw bad("routes[" + i + "].name", "a name no other route has", routed.route().name());
      routes.add(routed);
    }
    return routes;
  }

  private static RoutedChannel entry(String key, Object value, Path dir) {
    Map<String, Object> entry = map(key, value, ENTRY);
    String name = required(key + ".name", entry.get("name"));
    if (!NAME.matcher(name).matches()) throw bad(key + ".name", "1-64 of [a-z0-9_-]", name);
    String typeText = required(key + ".type", entry.get("type"));
    RoutedChannel.Type type = Arrays.stream(RoutedChannel.Type.values())
        .filter(t -> t.name().toLowerCase(Locale.ROOT).equals(typeText)).findFirst()
        .orElseThrow(() -> bad(key + ".type", "webhook, slack or alertmanager", typeText));
    URI url = url(key + ".url", required(key + ".url", entry.get("url")), type == RoutedChannel.Type.SLACK);
    Map<String, Object> match = map(key + ".match", entry.getOrDefault("match", Map.of()), MATCH);
    Map<String, String> labels = labels(key + ".labels", entry.getOrDefault("labels", Map.of()), type);
    Map<String, String> headers = Map.of();
    if (entry.containsKey("headers_file")) {
      if (type == RoutedChannel.Type.SLACK) throw bad(key + ".headers_file", "no headers for a slack route", "(set)");
      String path = required(key + ".headers_file", entry.get("headers_file"));
      headers = HeadersFile.read(dir == null ? Path.of(path) : dir.resolve(path));
    }
    Route route = new Route(name, set(key + ".match.severity", match.get("severity"), RoutesFile::severity),
        set(key + ".match.kind", match.get("kind"), RoutesFile::kind),
        set(key + ".match.region", match.get("region"), RoutesFile::region),
        match.containsKey("module_prefix") ? required(key + ".match.module_prefix", match.get("module_prefix")) : "",
        labels, headers);
    return new RoutedChannel(type, url, route);
  }

  private static EpisodeKind.Severity severity(String key, String value) {
    return Arrays.stream(EpisodeKind.Severity.values()).filter(s -> s.label().equals(value)).findFirst()
        .orElseThrow(() -> bad(key, "critical, warning or info", value));
  }

  private static EpisodeKind kind(String key, String value) {
    return EpisodeKind.ofLabel(value).orElseThrow(() -> bad(key, "one of "
        + String.join(", ", Arrays.stream(EpisodeKind.values()).map(EpisodeKind::label).toList()), value));
  }

  private static String region(String key, String value) {
    if (!SilenceRules.REGION.matcher(value).matches()) throw bad(key, "1-64 of [a-z0-9-]", value);
    return value;
  }

  private interface Parser<T> {
    T parse(String key, String value);
  }

  /** One value or a list of them. */
  private static <T> Set<T> set(String key, Object value, Parser<T> parser) {
    if (value == null) return Set.of();
    List<?> values = value instanceof List<?> list ? list : List.of(value);
    Set<T> parsed = new HashSet<>();
    for (Object v : values) parsed.add(parser.parse(key, required(key, v)));
    return parsed;
  }

  private static Map<String, String> labels(String key, Object value, RoutedChannel.Type type) {
    Map<String, String> labels = new LinkedHashMap<>();
    map(key, value, null).forEach((name, v) -> {
      if (!LABEL.matcher(name).matches()) throw bad(key, "label names like team or tenant_id", name);
      if (AlertmanagerChannel.BUILT_IN_LABELS.contains(name)) throw bad(key + "." + name, "a label proxywatch does not set itself", name);
      labels.put(name, required(key + "." + name, v));
    });
    if (type == RoutedChannel.Type.SLACK && !labels.isEmpty()) throw bad(key, "no labels for a slack route", "(set)");
    return labels;
  }

  /** A mapping with string keys, none outside {@code known} (null: any). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String key, Object value, Set<String> known) {
    if (!(value instanceof Map<?, ?> map)) throw bad(key, "a mapping", value);
    for (Object k : map.keySet()) {
      if (!(k instanceof String name)) throw bad(key, "text keys", k);
      if (known != null && !known.contains(name)) {
        throw new IllegalArgumentException((key.startsWith("(") ? "" : key + ".") + name + ": unknown key (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
    return (Map<String, Object>) map;
  }

  private static String required(String key, Object value) {
    if (value instanceof String s && !s.isBlank()) return s.strip();
    if (value instanceof Number || value instanceof Boolean) return value.toString();
    throw bad(key, "a value", value);
  }

  private static URI url(String key, String value, boolean secretPath) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return uri;
    } catch (URISyntaxException e) {
      // reported below
    }
    throw bad(key, "an http(s) URL", secretPath ? Urls.redactPath(value) : Urls.redact(value));
  }

  private static IllegalArgumentException bad(String key, String expected, Object got) {
    return new IllegalArgumentException(key + ": expected " + expected + ", got \"" + got + "\"");
  }
}
