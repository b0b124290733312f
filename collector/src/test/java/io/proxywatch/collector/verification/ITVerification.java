package io.proxywatch.collector.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.divergence.GroundTruthPolicy;
import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.sumdb.SumDbVerifier;
import io.proxywatch.sumdb.dirhash.ModuleZip;
import io.proxywatch.testkit.Ports;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real agents behind real nginx edges verifying against the Go team's own checksum database (scripts/sumdb.sh):
 * tokyo and frankfurt read a database that lies about one zip, sao-paulo a forked one that tells the truth, and
 * los-angeles is configured with another database's key. The collector sees every part of it. Then one edge is
 * made to serve other bytes for one zip (the tests run in order: the first expects a single mismatch).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ITVerification {
  static Path dir;
  static Cdn cdn;
  static VerifyingFleet fleet;
  static String lie;
  static GoSumDb liar;
  static GoSumDb fork;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("proxywatch-verify-");
    cdn = Cdn.start(Map.of());
    lie = cdn.modules().get(0);
    liar = GoSumDb.parse(sumdb("start", "liar", "--port", String.valueOf(Ports.free()), "--lie", lie).strip());
    fork = GoSumDb.parse(sumdb("start", "fork", "--port", String.valueOf(Ports.free()), "--fork").strip());
    fleet = VerifyingFleet.start(cdn, dir, GroundTruthPolicy.of(liar, Duration.ofHours(1), Duration.ofSeconds(5)),
        Map.of("tokyo", liar, "frankfurt", liar, "sao-paulo", fork,
            "los-angeles", GoSumDb.parse(GoSumDb.SUM_GOLANG_ORG + " " + liar.url())), "verify");
  }

  @AfterAll
  static void stop() throws Exception {
    if (fleet != null) fleet.close();
    if (cdn != null) cdn.close();
    if (dir != null) sumdb("stop-all");
  }

  @Test
  @Order(1)
  void lyingDatabase_mismatchWhereItIsRead_verifiedElsewhere_forkAndWrongKeyAreNeverVerified() throws Exception {
    String module = lie.substring(0, lie.indexOf('@'));
    String version = lie.substring(lie.indexOf('@') + 1);
    String lied = verifier(liar).lookup(module, version).zipH1();
    String real = verifier(fork).lookup(module, version).zipH1();
    assertThat(lied).isNotEqualTo(real);
    int files = cdn.modules().size() * 2;

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
        states("tokyo").size() == files && states("frankfurt").size() == files && states("sao-paulo").size() == files
            && states("los-angeles").size() == files && open("checksum_mismatch").size() == 1
            && open("sumdb_fork").size() == 1);

    for (String region : List.of("tokyo", "frankfurt")) {
      for (JsonObject s : states(region)) {
        boolean isLie = s.getString("module").equals(module) && s.getString("version").equals(version)
            && s.getString("file").equals("zip");
        assertThat(s.getString("state")).as(region + " " + s).isEqualTo(isLie ? "mismatch" : "verified");
        if (isLie) assertThat(List.of(s.getString("expected_h1"), s.getString("observed_h1"))).containsExactly(lied, real);
      }
    }
    assertThat(states("sao-paulo")).allSatisfy(s -> assertThat(s.getString("state")).isEqualTo("verified"));
    assertThat(states("los-angeles")).allSatisfy(s -> {
      assertThat(s.getString("state")).isEqualTo("unverifiable");
      assertThat(s.getString("reason")).isEqualTo("sumdb_unknown_key");
    });
    JsonObject mismatch = open("checksum_mismatch").get(0);
    assertThat(mismatch.getString("severity")).isEqualTo("critical");
    assertThat(mismatch.getString("majority_fingerprint")).isEqualTo(lied);
    assertThat(mismatch.getJsonArray("outlier_regions").stream().toList()).containsExactly("frankfurt", "tokyo");
    assertThat(open("sumdb_fork").get(0).getJsonArray("outlier_regions").stream().toList()).contains("sao-paulo");
    assertThat(get("/api/v1/sumdb/heads").getJsonArray("heads").stream().map(JsonObject.class::cast)
        .filter(h -> h.getString("region").equals("tokyo")).findFirst().orElseThrow().getString("note"))
        .startsWith("go.sum database tree\n");
  }

  @Test
  @Order(2)
  void oneEdgeServingOtherZipBytes_mismatchOnlyThere_plusADivergenceOfThatZip() throws Exception {
    String mv = cdn.modules().stream().filter(m -> !m.equals(lie) && m.equals(m.toLowerCase(java.util.Locale.ROOT)))
        .findFirst().orElseThrow();
    String module = mv.substring(0, mv.indexOf('@'));
    String version = mv.substring(mv.indexOf('@') + 1);
    byte[] other = EdgeZips.serveOtherBytes(cdn, "tokyo", module, version);
    String observed = ModuleZip.hash(new ByteArrayInputStream(other), module, version, dir).h1();
    String expected = verifier(liar).lookup(module, version).zipH1();
    assertThat(observed).isNotEqualTo(expected);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
        opened("checksum_mismatch", module, version).size() == 1 && opened("content", module, version).size() == 1);

    JsonObject mismatch = opened("checksum_mismatch", module, version).get(0);
    assertThat(mismatch.getJsonArray("outlier_regions").stream().toList()).containsExactly("tokyo");
    assertThat(mismatch.getString("majority_fingerprint")).isEqualTo(expected);
    assertThat(get("/api/v1/divergences/" + mismatch.getLong("id")).getJsonArray("timeline").stream()
        .map(JsonObject.class::cast).map(e -> e.getString("region") + " " + e.getString("fingerprint")).distinct())
        .containsExactly("tokyo " + observed);
    JsonObject divergence = get("/api/v1/divergences?state=open&module=" + module).getJsonArray("divergences").stream()
        .map(JsonObject.class::cast).filter(e -> e.getString("endpoint").equals("zip")
            && e.getString("version").equals(version) && !e.getString("kind").equals("checksum_mismatch"))
        .findFirst().orElseThrow();
    assertThat(divergence.getString("kind")).as("the zip's bytes differ, not only its ETag").isEqualTo("content");
    String otherSha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(other));
    assertThat(divergence.getString("majority_fingerprint")).contains("sha256:").doesNotContain(otherSha.substring(0, 12));
    assertThat(divergence.getJsonArray("outlier_regions").stream().toList()).containsExactly("tokyo");
    assertThat(states("frankfurt")).filteredOn(s -> s.getString("module").equals(module)).allSatisfy(s ->
        assertThat(s.getString("state")).isEqualTo("verified"));
  }

  private static List<JsonObject> opened(String kind, String module, String version) throws Exception {
    return open(kind).stream().filter(e -> e.getString("module").equals(module)
        && e.getString("version").equals(version) && e.getString("endpoint").equals("zip")).toList();
  }

  private static List<JsonObject> states(String region) throws Exception {
    return fleet.states(region);
  }

  private static List<JsonObject> open(String kind) throws Exception {
    return fleet.open(kind);
  }

  private static JsonObject get(String path) throws Exception {
    return fleet.get(path);
  }

  private static SumDbVerifier verifier(GoSumDb db) {
    return VerifyingFleet.verifier(db);
  }

  private static String sumdb(String... args) throws Exception {
    return VerifyingFleet.sumdb(dir, cdn, args);
  }
}
