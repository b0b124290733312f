package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Four real agents probe four real nginx edges and stream to a real collector on a real TimescaleDB. */
class ITEndToEnd {
  static Cdn cdn;
  static Collector collector;
  static Fleet fleet;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    cdn = Cdn.start(Map.of());
    collector = Collector.start(CollectorConfig.of(TestDatabase.fresh(), 0, 0));
    api = new Api(collector.httpPort());
    fleet = Fleet.start(cdn, collector.grpcPort(), Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/agents").getJsonArray("agents").stream()
        .filter(a -> ((JsonObject) a).getLong("samples_stored") >= 2L * targets()).count() == 4);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) fleet.close();
    if (collector != null) collector.close();
    if (cdn != null) cdn.close();
  }

  /** Targets per agent round: every version's .info, .mod and .zip, and each module's list and latest. */
  static int targets() {
    Set<String> modules = new TreeSet<>();
    cdn.modules().forEach(m -> modules.add(m.substring(0, m.indexOf('@'))));
    return cdn.modules().size() * 3 + modules.size() * 2;
  }

  @Test
  void everyRegion_storesEveryEndpoint_withStatusTimingsAndFingerprint() {
    for (String region : Cdn.REGIONS) {
      JsonArray samples = api.get("/api/v1/samples?limit=1000&region=" + region).getJsonArray("samples");
      Set<String> endpoints = new TreeSet<>();
      for (Object o : samples) {
        JsonObject s = (JsonObject) o;
        endpoints.add(s.getString("endpoint"));
        assertThat(s.getInteger("status")).as("status of %s", s.getString("url")).isEqualTo(200);
        assertThat(s.getJsonObject("timings_us").getLong("ttfb")).isPositive();
        assertThat(s.getJsonObject("timings_us").getLong("total")).isGreaterThanOrEqualTo(s.getJsonObject("timings_us").getLong("ttfb"));
        assertThat(s.getJsonObject("timings_us").getLong("connect")).as("a fresh connection per probe").isNotNull();
        assertThat(s.getString("edge")).isEqualTo(region);
        assertThat(s.getString("url")).startsWith(cdn.url(region));
        if (s.getString("endpoint").equals("zip")) {
          assertThat(s.getString("method")).isEqualTo("HEAD");
          assertThat(s.getString("etag")).isNotBlank();
        } else {
          assertThat(s.getString("method")).isEqualTo("GET");
          assertThat(s.getString("content_sha256")).hasSize(64);
        }
      }
      assertThat(endpoints).containsExactlyInAnyOrder("list", "info", "mod", "zip", "latest");
    }
  }

  @Test
  void capitalisedModulePaths_goOnTheWireCaseEncoded() {
    JsonArray samples = api.get("/api/v1/samples?limit=10&module=github.com/Azure/go-widget&endpoint=list").getJsonArray("samples");
    assertThat(samples).isNotEmpty();
    assertThat(samples.getJsonObject(0).getString("url")).contains("/github.com/%21azure/go-widget/@v/list");
    assertThat(samples.getJsonObject(0).getInteger("status")).isEqualTo(200);
  }

  @Test
  void edgesServingTheSameOrigin_agreeEverywhere() {
    JsonObject consistency = api.get("/api/v1/consistency");
    assertThat(consistency.getJsonArray("targets")).hasSize(targets());
    assertThat(api.get("/api/v1/consistency?diverging=true").getJsonArray("targets")).isEmpty();
    consistency.getJsonArray("targets").forEach(t -> assertThat(((JsonObject) t).getInteger("regions_compared")).isEqualTo(4));
    assertThat(api.get("/api/v1/divergences").getJsonArray("divergences")).isEmpty();
  }

  @Test
  void stats_reportEachRegionsTtfbPercentiles() {
    JsonArray series = api.get("/api/v1/stats?bucket=1h&from=-1h").getJsonArray("series");
    Set<String> regions = new TreeSet<>();
    series.forEach(o -> {
      JsonObject row = (JsonObject) o;
      regions.add(row.getString("region"));
      assertThat(row.getJsonObject("ttfb_ms").getDouble("p50")).isPositive();
      assertThat(row.getLong("errors")).isZero();
    });
    assertThat(regions).containsExactlyInAnyOrderElementsOf(Cdn.REGIONS);
  }
}
