package io.proxywatch.collector.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * --watches-file: YAML with {@code watches:} (a list of watches) and {@code pins:} (per region, connect-to entries
 * HOST:PORT:ADDR:PORT pushed to that region's agents). Unknown keys are errors naming the key, like every other
 * bad value: {@code watches[1].cadense: unknown key (known: ...)}.
 */
public final class WatchesFile {
  private static final Set<String> TOP = Set.of("watches", "pins");
  private static final Set<String> WATCH = Set.of("name", "module", "versions", "endpoints", "proxies", "regions", "cadence");
  private static final Set<String> CADENCE = Set.of("mutable", "info", "immutable");
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  /** What the file says. */
  public record Contents(List<Watch> watches, Map<String, List<Pin>> pins) {}

  private WatchesFile() {}

  public static Contents read(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) throw new IllegalArgumentException(file + ": larger than 4 MiB");
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static Contents parse(String text) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(10).build())
          .loadFromString(text);
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null) return new Contents(List.of(), Map.of());
    Map<String, Object> top = map("(top level)", root, TOP);
    List<Watch> watches = new ArrayList<>();
    List<?> entries = list("watches", top.getOrDefault("watches", List.of()));
    for (int i = 0; i < entries.size(); i++) watches.add(watch("watches[" + i + "]", entries.get(i)));
    List<String> names = watches.stream().map(Watch::name).toList();
    for (String n : names) {
      if (names.indexOf(n) != names.lastIndexOf(n)) throw new IllegalArgumentException("watches: the name " + n + " is used twice");
    }
    return new Contents(watches, pins(top.getOrDefault("pins", Map.of())));
  }

  private static Watch watch(String where, Object entry) {
    Map<String, Object> w = map(where, entry, WATCH);
    Map<String, Object> cadence = map(where + ".cadence", w.getOrDefault("cadence", Map.of()), CADENCE);
    try {
      return Watch.of(text(where + ".name", w.get("name")), text(where + ".module", w.get("module")),
          text(where + ".versions", w.getOrDefault("versions", "all")), strings(where + ".endpoints", w.get("endpoints")),
          strings(where + ".proxies", w.get("proxies")), strings(where + ".regions", w.get("regions")),
          text(where + ".cadence.mutable", cadence.getOrDefault("mutable", Watch.Cadence.DEFAULT_MUTABLE)),
          text(where + ".cadence.info", cadence.getOrDefault("info", Watch.Cadence.DEFAULT_INFO)),
          text(where + ".cadence.immutable", cadence.getOrDefault("immutable", Watch.Cadence.DEFAULT_IMMUTABLE)), "file");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "." + e.getMessage(), e);
    }
  }

  private static Map<String, List<Pin>> pins(Object value) {
    Map<String, List<Pin>> pins = new TreeMap<>();
    Map<String, Object> byRegion = map("pins", value, null);
    byRegion.forEach((region, entries) -> {
      if (!io.proxywatch.common.Identifiers.isRegion(region)) {
        throw new IllegalArgumentException("pins: expected region keys of " + io.proxywatch.common.Identifiers.REGION_RULE
            + ", got \"" + region + "\"");
      }
      List<Pin> list = new ArrayList<>();
      for (String p : strings("pins." + region, entries)) list.add(Pin.parse("pins." + region, p));
      if (list.size() > Pin.MAX_PER_REGION) throw new IllegalArgumentException("pins." + region + ": at most " + Pin.MAX_PER_REGION);
      pins.put(region, List.copyOf(list));
    });
    return pins;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String where, Object value, Set<String> known) {
    if (!(value instanceof Map<?, ?> m)) throw new IllegalArgumentException(where + ": expected a mapping");
    for (Object key : m.keySet()) {
      if (!(key instanceof String k)) throw new IllegalArgumentException(where + ": expected text keys, got " + key);
      if (known != null && !known.contains(k)) {
        throw new IllegalArgumentException((where.startsWith("(") ? "" : where + ".") + k + ": unknown key (known: "
            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
    return (Map<String, Object>) m;
  }

  private static List<?> list(String where, Object value) {
    if (!(value instanceof List<?> l)) throw new IllegalArgumentException(where + ": expected a list");
    return l;
  }

  private static List<String> strings(String where, Object value) {
    if (value == null) return List.of();
    List<String> out = new ArrayList<>();
    for (Object o : list(where, value)) out.add(text(where + "[]", o));
    return out;
  }

  private static String text(String where, Object value) {
    if (value instanceof String s) return s;
    if (value instanceof Number || value instanceof Boolean) return String.valueOf(value);
    throw new IllegalArgumentException(where + ": expected text, got " + (value == null ? "nothing" : value.getClass().getSimpleName()));
  }
}
