package io.proxywatch.collector.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.divergence.GroundTruthPolicy;
import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.testkit.Ports;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every region reads the same checksum database (scripts/sumdb.sh, the Go team's code) through real nginx edges:
 * one fleet trusts an honest database, another (same CDN, its own collector and agents) one that lies about one
 * zip. Honest: every .mod and .zip is verified in every region and nothing is open. Lying: that zip is a
 * checksum_mismatch in every region, with the database's h1 expected and the real one observed, and the rest verified.
 */
class ITOneDatabaseEverywhere {
  static Path dir;
  static Cdn cdn;
  static GoSumDb honest;
  static GoSumDb liar;
  static String lie;
  static VerifyingFleet trusting;
  static VerifyingFleet lyingFleet;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("proxywatch-onedb-");
    cdn = Cdn.start(Map.of());
    lie = cdn.modules().get(cdn.modules().size() - 1);
    honest = GoSumDb.parse(VerifyingFleet.sumdb(dir, cdn, "start", "honest", "--port", String.valueOf(Ports.free())).strip());
    liar = GoSumDb.parse(VerifyingFleet.sumdb(dir, cdn, "start", "liar", "--port", String.valueOf(Ports.free()),
        "--lie", lie).strip());
    trusting = VerifyingFleet.start(cdn, dir, policy(honest), everywhere(honest), "honest");
    lyingFleet = VerifyingFleet.start(cdn, dir, policy(liar), everywhere(liar), "lied");
  }

  private static GroundTruthPolicy policy(GoSumDb db) {
    return GroundTruthPolicy.of(db, Duration.ofHours(1), Duration.ofSeconds(5));
  }

  private static Map<String, GoSumDb> everywhere(GoSumDb db) {
    Map<String, GoSumDb> all = new TreeMap<>();
    Cdn.REGIONS.forEach(region -> all.put(region, db));
    return all;
  }

  @AfterAll
  static void stop() throws Exception {
    if (trusting != null) trusting.close();
    if (lyingFleet != null) lyingFleet.close();
    if (cdn != null) cdn.close();
    if (dir != null) VerifyingFleet.sumdb(dir, cdn, "stop-all");
  }

  @Test
  void honestDatabase_everyTargetIsVerifiedInEveryRegion_andNothingIsOpen() throws Exception {
    int files = cdn.modules().size() * 2;
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
        Cdn.REGIONS.stream().allMatch(region -> settled(trusting, region) == files));
    for (String region : Cdn.REGIONS) {
      assertThat(trusting.states(region)).as(region).hasSize(files).allSatisfy(s -> {
        assertThat(s.getString("state")).as(region + " " + s).isEqualTo("verified");
        assertThat(s.getString("observed_h1")).isEqualTo(s.getString("expected_h1")).startsWith("h1:");
      });
    }
    for (String kind : List.of("checksum_mismatch", "sumdb_fork", "sumdb_stale")) {
      assertThat(trusting.open(kind)).as(kind).isEmpty();
    }
    assertThat(trusting.get("/api/v1/sumdb/heads").getJsonArray("heads").stream().map(JsonObject.class::cast)
        .map(h -> h.getString("region")).distinct()).containsExactlyInAnyOrderElementsOf(Cdn.REGIONS);
  }

  @Test
  void databaseThatLiesAboutOneZip_isAMismatchInEveryRegion_withTheRightH1s() throws Exception {
    String module = lie.substring(0, lie.indexOf('@'));
    String version = lie.substring(lie.indexOf('@') + 1);
    String lied = VerifyingFleet.verifier(liar).lookup(module, version).zipH1();
    String real = VerifyingFleet.verifier(honest).lookup(module, version).zipH1();
    assertThat(lied).isNotEqualTo(real);
    int files = cdn.modules().size() * 2;
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
        Cdn.REGIONS.stream().allMatch(region -> settled(lyingFleet, region) == files)
            && lyingFleet.open("checksum_mismatch").size() == 1);

    for (String region : Cdn.REGIONS) {
      for (JsonObject s : lyingFleet.states(region)) {
        boolean isLie = s.getString("module").equals(module) && s.getString("version").equals(version)
            && s.getString("file").equals("zip");
        assertThat(s.getString("state")).as(region + " " + s).isEqualTo(isLie ? "mismatch" : "verified");
        if (isLie) {
          assertThat(s.getString("expected_h1")).isEqualTo(lied);
          assertThat(s.getString("observed_h1")).isEqualTo(real);
        }
      }
    }
    JsonObject mismatch = lyingFleet.open("checksum_mismatch").get(0);
    assertThat(mismatch.getString("module")).isEqualTo(module);
    assertThat(mismatch.getString("majority_fingerprint")).isEqualTo(lied);
    assertThat(mismatch.getJsonArray("outlier_regions").stream().toList()).containsExactlyInAnyOrderElementsOf(Cdn.REGIONS);
    assertThat(lyingFleet.open("content")).as("every region was served the same bytes").isEmpty();
  }

  private static int settled(VerifyingFleet fleet, String region) {
    try {
      return fleet.states(region).size();
    } catch (Exception e) {
      return -1;
    }
  }
}
