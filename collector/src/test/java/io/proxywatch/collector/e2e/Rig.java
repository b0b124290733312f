package io.proxywatch.collector.e2e;

import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** A whole local system for divergence tests: a private CDN, a collector with short graces, four agents. */
final class Rig implements AutoCloseable {
  static final DivergencePolicy FAST = new DivergencePolicy(Duration.ofSeconds(4), 2, Duration.ofSeconds(6),
      Duration.ofSeconds(3), Duration.ofMillis(200));

  final Cdn cdn;
  final Collector collector;
  final Fleet fleet;
  final Api api;

  private Rig(Cdn cdn, Collector collector, Fleet fleet) {
    this.cdn = cdn;
    this.collector = collector;
    this.fleet = fleet;
    this.api = new Api(collector.httpPort());
  }

  static Rig start(Map<String, String> cdnEnv, UnaryOperator<CollectorConfig> config) throws Exception {
    Cdn cdn = Cdn.start(cdnEnv);
    Collector collector = null;
    try {
      collector = Collector.start(config.apply(CollectorConfig.of(TestDatabase.fresh(), 0, 0).withDivergence(FAST)));
      Rig rig = new Rig(cdn, collector, Fleet.start(cdn, collector.grpcPort(), Duration.ofSeconds(1)));
      await().atMost(Duration.ofSeconds(30)).until(() -> rig.api.get("/api/v1/consistency").getJsonArray("targets")
          .stream().filter(t -> ((JsonObject) t).getInteger("regions_compared") == 4).count() >= 10);
      return rig;
    } catch (Exception | Error e) {
      if (collector != null) collector.close();
      cdn.close();
      throw e;
    }
  }

  /** The newest episode of this module and endpoint, if any. */
  Optional<JsonObject> episode(String module, String endpoint, String version) {
    return api.get("/api/v1/divergences?module=" + module).getJsonArray("divergences").stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("endpoint").equals(endpoint) && e.getString("version").equals(version))
        .findFirst();
  }

  JsonObject awaitEpisode(String module, String endpoint, String version, String state, Duration within) {
    return awaitEpisode(module, endpoint, version, e -> e.getString("state").equals(state), within);
  }

  JsonObject awaitEpisode(String module, String endpoint, String version, Predicate<JsonObject> condition,
                          Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(200)).until(
        () -> episode(module, endpoint, version).map(condition::test).orElse(false));
    return episode(module, endpoint, version).orElseThrow();
  }

  /** GETs a path through one edge, so that edge caches what the origin serves now. */
  void fetchThrough(String region, String path) {
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

  @Override
  public void close() {
    fleet.close();
    collector.close();
    cdn.close();
  }
}
