package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Real nginx edges made to disagree the ways real CDNs do: one keeps a stale copy of a mutable file after a
 * republish, one caches a different body for an immutable file, one caches an identical body under another
 * ETag. The collector must name the kind and the outlier, fire after the endpoint's grace and resolve with
 * its convergence time once the edges agree again.
 */
class ITDivergenceAtTheEdges {

  @Test
  void staleMutableListAtOneEdge_firesAfterTheGrace_andResolvesWhenThatEdgeRefreshes() throws Exception {
    Map<String, String> ttl = Map.of("PROXYWATCH_EDGE_MUTABLE_TTL", "1s", "PROXYWATCH_EDGE_MUTABLE_TTL_FRANKFURT", "1h");
    try (Rig rig = Rig.start(ttl, UnaryOperator.identity())) {
      rig.cdn.run("publish", "v2");
      // The other edges' 1 s TTLs expire at slightly different moments: the first edge with the release is ahead,
      // never an outlier (the others lag); once all three have it, frankfurt alone is behind.
      JsonObject pending = rig.awaitEpisode("example.com/hello", "list", "",
          e -> e.getJsonArray("outlier_regions").getList().equals(java.util.List.of("frankfurt")), Duration.ofSeconds(20));
      assertThat(pending.getString("kind")).as("a list missing the new version is behind: stale").isEqualTo("stale");
      assertThat(pending.getJsonArray("outlier_regions")).containsExactly("frankfurt");
      assertThat(pending.getJsonArray("majority_regions")).containsExactly("los-angeles", "sao-paulo", "tokyo");

      JsonObject firing = rig.awaitEpisode("example.com/hello", "list", "", "firing", Duration.ofSeconds(20));
      assertThat(Duration.between(Instant.parse(firing.getString("opened_at")), Instant.parse(firing.getString("fired_at"))))
          .as("a mutable endpoint fires only after its grace").isGreaterThanOrEqualTo(Rig.FAST.mutableGrace());

      rig.cdn.run("purge-edge", "frankfurt");
      JsonObject resolved = rig.awaitEpisode("example.com/hello", "list", "", "resolved", Duration.ofSeconds(30));
      assertThat(resolved.getString("converged_last_region")).isEqualTo("frankfurt");
      assertThat(resolved.getDouble("convergence_seconds")).isGreaterThan(Rig.FAST.mutableGrace().toSeconds());
      JsonObject detail = rig.api.get("/api/v1/divergences/" + resolved.getLong("id"));
      assertThat(detail.getJsonArray("timeline").stream().map(JsonObject.class::cast)
          .filter(e -> e.getString("region").equals("frankfurt")).count()).as("frankfurt's old and new answers").isEqualTo(2);
    }
  }

  @Test
  void differentBodyForAnImmutableModAtOneEdge_isContent_firesOnTheSecondRound() throws Exception {
    try (Rig rig = Rig.start(Map.of(), UnaryOperator.identity())) {
      rig.serveDifferentBodyAt("sao-paulo", "/example.com/hello/@v/v1.0.0.mod");

      JsonObject firing = rig.awaitEpisode("example.com/hello", "mod", "v1.0.0", "firing", Duration.ofSeconds(20));
      assertThat(firing.getString("kind")).isEqualTo("content");
      assertThat(firing.getJsonArray("outlier_regions")).containsExactly("sao-paulo");
      assertThat(firing.getInteger("rounds")).isGreaterThanOrEqualTo(Rig.FAST.immutableRounds());

      rig.cdn.run("purge-edge", "sao-paulo");
      JsonObject resolved = rig.awaitEpisode("example.com/hello", "mod", "v1.0.0", "resolved", Duration.ofSeconds(30));
      assertThat(resolved.getString("converged_last_region")).isEqualTo("sao-paulo");
    }
  }

  @Test
  void identicalBodyUnderAnotherEtag_isEtagOnly() throws Exception {
    try (Rig rig = Rig.start(Map.of(), UnaryOperator.identity())) {
      Path mod = rig.cdn.tree().resolve("example.com/hello/@v/v1.1.0.mod");
      Files.setLastModifiedTime(mod, FileTime.from(Instant.now()));
      rig.cdn.run("purge-edge", "los-angeles");
      JsonObject firing = rig.awaitEpisode("example.com/hello", "mod", "v1.1.0", "firing", Duration.ofSeconds(20));
      assertThat(firing.getString("kind")).isEqualTo("etag");
      assertThat(firing.getJsonArray("outlier_regions")).containsExactly("los-angeles");
      JsonObject consistency = rig.api.get("/api/v1/consistency?module=example.com/hello&endpoint=mod&diverging=true");
      JsonObject target = consistency.getJsonArray("targets").stream().map(JsonObject.class::cast)
          .filter(t -> t.getString("version").equals("v1.1.0")).findFirst().orElseThrow();
      JsonObject regions = target.getJsonObject("regions");
      assertThat(regions.getJsonObject("los-angeles").getString("content_sha256"))
          .isEqualTo(regions.getJsonObject("tokyo").getString("content_sha256"));
      assertThat(regions.getJsonObject("los-angeles").getString("etag"))
          .isNotEqualTo(regions.getJsonObject("tokyo").getString("etag"));
      assertThat(regions.getJsonObject("los-angeles").getBoolean("diverges")).isTrue();
    }
  }
}
