package io.proxywatch.collector.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.agent.Agent;
import io.proxywatch.agent.AgentConfig;
import io.proxywatch.agent.verify.VerifyConfig;
import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.divergence.GroundTruthPolicy;
import io.proxywatch.collector.e2e.Rig;
import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.sumdb.HttpSumDbSource;
import io.proxywatch.sumdb.SumDbVerifier;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A collector on a fresh database and one real agent per region of a {@link Cdn}, each verifying against the checksum
 * database it is given (every 24 h, tree heads every 2 s), read through the collector's REST API. Also runs
 * scripts/sumdb.sh for its tests: {@link #sumdb} starts and stops the Go team's checksum database.
 */
final class VerifyingFleet implements AutoCloseable {
  private final Collector collector;
  private final List<Agent> agents = new ArrayList<>();

  private VerifyingFleet(Collector collector) {
    this.collector = collector;
  }

  /** The collector judges with {@code truth}; each region's agent verifies against {@code databases.get(region)}. */
  static VerifyingFleet start(Cdn cdn, Path dir, GroundTruthPolicy truth, Map<String, GoSumDb> databases, String name)
      throws Exception {
    VerifyingFleet fleet = new VerifyingFleet(Collector.start(
        CollectorConfig.of(TestDatabase.fresh(), 0, 0).withDivergence(Rig.FAST), truth));
    try {
      databases.forEach((region, db) -> fleet.agents.add(Agent.start(AgentConfig.builder().region(region)
          .agentId(name + "-" + region).collector("127.0.0.1:" + fleet.collector.grpcPort()).proxy(cdn.url(region))
          .modules(cdn.modules()).interval(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(5))
          .stateDir(dir.resolve(name + "-" + region)).build(),
          VerifyConfig.against(db).withEvery(Duration.ofHours(24), Duration.ofSeconds(2)))));
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /** The region's checksum states that are settled (not pending). */
  List<JsonObject> states(String region) throws Exception {
    return get("/api/v1/verification?region=" + region).getJsonArray("verifications").stream()
        .map(JsonObject.class::cast).filter(s -> !s.getString("state").equals("pending")).toList();
  }

  /** Open episodes of one kind. */
  List<JsonObject> open(String kind) throws Exception {
    return get("/api/v1/divergences?state=open").getJsonArray("divergences").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("kind").equals(kind)).toList();
  }

  JsonObject get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + collector.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Override
  public void close() {
    agents.forEach(Agent::close);
    collector.close();
  }

  /** Our own verifier reading {@code db} directly: what the database proves. */
  static SumDbVerifier verifier(GoSumDb db) {
    return new SumDbVerifier(db.key(), HttpSumDbSource.of(db.url(), Duration.ofSeconds(5)));
  }

  /** Runs scripts/sumdb.sh with its state under {@code dir}, serving the go.sum of {@code cdn}'s tree; its stdout. */
  static String sumdb(Path dir, Cdn cdn, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", io.proxywatch.testkit.RepoRoot.script("sumdb.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("sumdb.log").toFile());
    builder.environment().put("PROXYWATCH_SUMDB_DIR", dir.resolve("sumdb").toString());
    builder.environment().put("PROXYWATCH_SUMDB_GOSUM", cdn.tree().resolve("go.sum").toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("sumdb.sh " + String.join(" ", args) + " failed: " + Files.readString(dir.resolve("sumdb.log")));
    }
    return out;
  }
}
