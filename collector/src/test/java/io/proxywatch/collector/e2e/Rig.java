package io.proxywatch.collector.e2e;

import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.collector.storage.DbSettings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A whole local system for divergence tests: a private CDN, a collector with short graces, four agents probing
 * every second. The freshness window is 15 s rather than 3 intervals: on a busy machine one agent's round can
 * take several seconds, and an answer that is merely late must not count as unknown.
 */
public final class Rig implements AutoCloseable {
  public static final DivergencePolicy FAST = new DivergencePolicy(Duration.ofSeconds(15), 2, Duration.ofSeconds(6),
      Duration.ofSeconds(3), Duration.ofMillis(200));
  /** Generous: a first round of four agents on a loaded 2-core machine, not an idle one. */
  static final Duration START_DEADLINE = Duration.ofSeconds(120);

  public final Cdn cdn;
  public final Collector collector;
  public final Fleet fleet;
  public final Api api;
  public final DbSettings db;

  private Rig(Cdn cdn, Collector collector, Fleet fleet, DbSettings db) {
    this.db = db;
    this.cdn = cdn;
    this.collector = collector;
    this.fleet = fleet;
    this.api = new Api(collector.httpPort());
  }

  public static Rig start(Map<String, String> cdnEnv, UnaryOperator<CollectorConfig> config) throws Exception {
    Cdn cdn = Cdn.start(cdnEnv);
    Collector collector = null;
    Fleet fleet = null;
    try {
      DbSettings db = TestDatabase.fresh();
      collector = Collector.start(config.apply(CollectorConfig.of(db, 0, 0).withDivergence(FAST)));
      fleet = Fleet.start(cdn, collector.grpcPort(), Duration.ofSeconds(1));
      Rig rig = new Rig(cdn, collector, fleet, db);
      rig.awaitEveryTargetCompared();
      return rig;
    } catch (Exception | Error e) {
      if (fleet != null) fleet.close();
      if (collector != null) collector.close();
      cdn.close();
      throw e;
    }
  }

  /**
   * Waits on the system's own signals: every agent has stored a full round of its targets, then every target
   * is compared across the four regions. Tests start from a world where each region has answered everything.
   */
  private void awaitEveryTargetCompared() {
    int targets = targets();
    // A poll that fails (an answer slower than the client's timeout on a loaded machine) is one poll, not the end.
    await().atMost(START_DEADLINE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> api.get("/api/v1/agents")
        .getJsonArray("agents").stream().map(JsonObject.class::cast)
        .filter(a -> a.getLong("samples_stored") >= targets).count() == Cdn.REGIONS.size());
    await().atMost(START_DEADLINE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
      List<JsonObject> compared = api.get("/api/v1/consistency").getJsonArray("targets").stream()
          .map(JsonObject.class::cast).toList();
      return compared.size() >= targets && compared.stream().allMatch(t -> t.getInteger("regions_compared") == 4);
    });
  }

  /** How many targets each agent probes: every module version's .info, .mod and .zip, and each module's list and latest. */
  private int targets() {
    List<String> versions = cdn.modules();
    long modules = versions.stream().map(m -> m.substring(0, m.indexOf('@'))).distinct().count();
    return (int) (versions.size() * 3 + modules * 2);
  }

  /** The newest episode of this module and endpoint, if any. */
  public Optional<JsonObject> episode(String module, String endpoint, String version) {
    return api.get("/api/v1/divergences?module=" + module).getJsonArray("divergences").stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("endpoint").equals(endpoint) && e.getString("version").equals(version))
        .findFirst();
  }

  public JsonObject awaitEpisode(String module, String endpoint, String version, String state, Duration within) {
    return awaitEpisode(module, endpoint, version, e -> e.getString("state").equals(state), within);
  }

  public JsonObject awaitEpisode(String module, String endpoint, String version, Predicate<JsonObject> condition,
                          Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(200)).until(
        () -> episode(module, endpoint, version).map(condition::test).orElse(false));
    return episode(module, endpoint, version).orElseThrow();
  }

  /** GETs a path through one edge, so that edge caches what the origin serves now. */
  public void fetchThrough(String region, String path) {
    fetchThrough(cdn, region, path);
  }

  private static void fetchThrough(Cdn cdn, String region, String path) {
    try {
      HttpResponse<Void> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(cdn.url(region) + path)).build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) throw new AssertionError(path + " through " + region + ": " + response.statusCode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Makes one edge cache a different body for an immutable file: the origin serves a changed copy just long
   * enough for that edge to fetch it, then the original again (same bytes and mtime, so the same ETag), and the
   * other edges drop that file from their caches in case one fetched the changed copy meanwhile.
   */
  public void serveDifferentBodyAt(String region, String path) throws IOException {
    serveDifferentBodyAt(cdn, region, path);
  }

  /** As {@link #serveDifferentBodyAt(String, String)}, on any running CDN. */
  static void serveDifferentBodyAt(Cdn cdn, String region, String path) throws IOException {
    Path file = cdn.tree().resolve(path.substring(1));
    byte[] original = Files.readAllBytes(file);
    FileTime mtime = Files.getLastModifiedTime(file);
    Files.write(file, (new String(original, StandardCharsets.UTF_8) + "// tampered\n").getBytes(StandardCharsets.UTF_8));
    cdn.run("purge-edge", region);
    fetchThrough(cdn, region, path);
    Files.write(file, original);
    Files.setLastModifiedTime(file, mtime);
    for (String other : Cdn.REGIONS) { // an edge whose agent probed the file meanwhile cached the changed copy too
      if (!other.equals(region)) cdn.run("purge-path", other, path);
    }
  }

  @Override
  public void close() {
    fleet.close();
    collector.close();
    cdn.close();
  }
}
