package io.proxywatch.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.check.CheckResult;
import io.proxywatch.collector.divergence.EpisodeDetail;
import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeState;
import io.proxywatch.collector.divergence.EpisodeView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract checker itself: it must find the schema and refuse what breaks it, or the IT proves nothing. */
class ContractTest {
  private final Contract contract = new Contract();

  @Test
  void aWellFormedProblem_passes() {
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"type\": \"urn:proxywatch:problem:invalid-parameter\","
        + " \"title\": \"invalid parameter 'limit'\", \"status\": 400, \"detail\": \"x\", \"error\": \"invalid parameter 'limit'\"}"))
        .isEmpty();
  }

  @Test
  void theErrorBodyOfEarlierVersions_alone_isNoLongerEnough() {
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"error\": \"invalid parameter 'limit'\", \"detail\": \"x\"}"))
        .isNotEmpty();
  }

  @Test
  void aWrongType_aMissingField_andAnUndocumentedField_areEachReported() {
    assertThat(contract.violations("/api/v1/agents", "get", 200, "{\"agents\": [{\"agent_id\": 1}]}")).isNotEmpty();
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"error\": \"x\"}")).isNotEmpty();
    assertThat(contract.violations("/api/v1/samples", "get", 400, "{\"error\": \"x\", \"detail\": \"y\", \"extra\": 1}"))
        .isNotEmpty();
    assertThat(contract.violations("/api/v1/divergences/{id}", "get", 200, "{\"id\": 1}")).isNotEmpty();
  }

  @Test
  void everyEpisodeKind_andSeverity_isInTheContract() throws Exception {
    var schemas = new io.vertx.core.json.JsonObject(new String(
        ContractTest.class.getResourceAsStream("/openapi.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .getJsonObject("components").getJsonObject("schemas");
    var episode = schemas.getJsonObject("Episode").getJsonObject("properties");
    assertThat(schemas.getJsonObject("EpisodeDetail").getJsonObject("properties").getJsonObject("kind"))
        .isEqualTo(episode.getJsonObject("kind"));
    assertThat(episode.getJsonObject("kind").getJsonArray("enum").stream().toList()).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(io.proxywatch.collector.divergence.EpisodeKind.values()).map(k -> k.label()).toList());
    assertThat(episode.getJsonObject("severity").getJsonArray("enum").stream().toList()).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(io.proxywatch.collector.divergence.EpisodeKind.Severity.values()).map(k -> k.label()).toList());
  }

  /** Shapes the integration test cannot cheaply make, from the real mappers: a regional incident, suppressed notifications. */
  @Test
  void aRegionalIncident_andAGroupedEpisode_withSuppressedNotifications_matchTheContract() {
    Instant now = Instant.parse("2026-11-26T09:00:00Z");
    EpisodeView incident = episode(7, EpisodeKind.REGION_DEGRADED, null, null, now, Map.of("connect", 31, "5xx", 2), 40);
    EpisodeView grouped = episode(8, EpisodeKind.STATUS, 7L, "example.com/hello", now, Map.of(), 0);
    List<EpisodeDetail.Suppressed> suppressed = List.of(new EpisodeDetail.Suppressed("firing", "grouped", null, now),
        new EpisodeDetail.Suppressed("resolved", "silenced", 3L, now));
    List<EpisodeDetail.Evidence> timeline = List.of(new EpisodeDetail.Evidence("tokyo", "error:connect", now, now, "tokyo-1", 9,
        "https://proxy.golang.org/example.com/hello/@v/v1.0.0.info"));
    assertThat(contract.violations("/api/v1/divergences/{id}", "get", 200,
        DivergenceJson.detail(new EpisodeDetail(grouped, timeline, suppressed)).encode())).isEmpty();
    assertThat(contract.violations("/api/v1/divergences/{id}", "get", 200,
        DivergenceJson.detail(new EpisodeDetail(incident, List.of(), List.of())).encode())).isEmpty();
    assertThat(contract.violations("/api/v1/divergences", "get", 200, "{\"divergences\": ["
        + DivergenceJson.episode(incident).encode() + "], \"next_cursor\": \"7\"}")).isEmpty();
  }

  @Test
  void aCompletedCheck_withAnswersAndASilentAgent_matchesTheContract() {
    Instant now = Instant.parse("2026-11-26T09:00:00Z");
    String proxy = "https://proxy.golang.org";
    List<CheckResult.Row> rows = List.of(
        new CheckResult.Row("tokyo", "tokyo-1", proxy, "info", proxy + "/example.com/hello/@v/v1.0.0.info", 200, 12.5,
            "\"abc\"", "a".repeat(64), null, now),
        new CheckResult.Row("frankfurt", "frankfurt-1", proxy, "info", proxy + "/example.com/hello/@v/v1.0.0.info", 0, null,
            null, null, "timeout", now));
    CheckResult check = new CheckResult("chk-0123456789abcdef01", "example.com/hello", "v1.0.0", List.of(proxy), now,
        now.plus(Duration.ofSeconds(30)), true, List.of("frankfurt-1", "osaka-1", "tokyo-1"), List.of("osaka-1"), rows,
        List.of(new CheckResult.Agreement(proxy, "info", false, false, false)));
    assertThat(contract.violations("/api/v1/checks/{id}", "get", 200, WatchJson.check(check).encode())).isEmpty();
  }

  private static EpisodeView episode(long id, EpisodeKind kind, Long parentId, String module, Instant now,
                                     Map<String, Integer> failures, int regionTargets) {
    return new EpisodeView(id, kind, module, module == null ? null : "v1.0.0", module == null ? null : "info", null, null,
        EpisodeState.FIRING, now, now, null, null, now, 3, "", "200", List.of("frankfurt"), List.of("tokyo"), List.of("tokyo"),
        Map.of(), null, null, 0, 1, "", Map.of("tokyo", now), parentId, failures, regionTargets);
  }

  @Test
  void anUndocumentedStatus_isReported() {
    assertThat(contract.violations("/api/v1/agents", "get", 418, "{}")).singleElement().asString().contains("no 418");
  }
}
