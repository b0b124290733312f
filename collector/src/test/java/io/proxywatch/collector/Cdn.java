package io.proxywatch.collector;

import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.Ports;
import io.proxywatch.testkit.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private copy of the simulated Go proxy CDN (scripts/cdn.sh): a real nginx origin and four real nginx
 * caching edges on free loopback ports, in a temporary folder, so a test can stop, purge or age its edges
 * and change the origin's files without touching anyone else's.
 */
public final class Cdn implements AutoCloseable {
  public static final List<String> REGIONS = List.of("tokyo", "frankfurt", "sao-paulo", "los-angeles");

  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final Map<String, Integer> ports = new HashMap<>();

  private Cdn(Path dir, Map<String, String> extraEnv) {
    this.dir = dir;
    env.put("PROXYWATCH_CDN_DIR", dir.toString());
    choosePorts();
    env.putAll(extraEnv);
  }

  private void choosePorts() {
    ports.put("origin", Ports.free());
    env.put("PROXYWATCH_CDN_ORIGIN_PORT", String.valueOf(ports.get("origin")));
    ports.put("index", Ports.free());
    env.put("PROXYWATCH_CDN_INDEX_PORT", String.valueOf(ports.get("index")));
    for (String region : REGIONS) {
      ports.put(region, Ports.free());
      env.put("PROXYWATCH_CDN_PORT_" + suffix(region), String.valueOf(ports.get(region)));
    }
  }

  /**
   * Starts origin and edges; extraEnv sets TTLs such as PROXYWATCH_EDGE_MUTABLE_TTL_FRANKFURT. Should another
   * process take one of the chosen ports first, cdn.sh refuses to start and this tries again on other ports.
   */
  public static Cdn start(Map<String, String> extraEnv) {
    try {
      Cdn cdn = new Cdn(Files.createTempDirectory("proxywatch-cdn-"), extraEnv);
      for (int attempt = 1; ; attempt++) {
        try {
          cdn.run("start");
          return cdn;
        } catch (IllegalStateException e) {
          cdn.run("stop");
          if (attempt == 3 || !String.valueOf(e.getMessage()).contains("already in use")) {
            throw e;
          }
          cdn.choosePorts();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of "origin", "index" (the module index stand-in) or a region's edge. */
  public String url(String name) {
    return "http://127.0.0.1:" + ports.get(name);
  }

  /** The origin's GOPROXY tree; files changed here are what the origin serves next. */
  public Path tree() {
    return dir.resolve("tree");
  }

  public List<String> modules() {
    try {
      return Files.readAllLines(tree().resolve("modules.txt")).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a scripts/cdn.sh command (start-edge REGION, purge-edge REGION, publish v2, ...) on this CDN. */
  public String run(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", RepoRoot.script("cdn.sh").toString()));
    command.addAll(List.of(args));
    try {
      return ChildProcess.run(command, env, Duration.ofMinutes(2));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("cdn.sh " + String.join(" ", args) + " failed: " + e.getMessage(), e);
    }
  }

  /** Sets an environment variable for later commands (e.g. a TTL before start-edge). */
  public void env(String name, String value) {
    env.put(name, value);
  }

  @Override
  public void close() {
    try {
      run("stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp folder is harmless
      }
    }
  }

  private static String suffix(String region) {
    return region.toUpperCase(Locale.ROOT).replace('-', '_');
  }

}
