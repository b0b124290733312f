package io.proxywatch.collector.alerting;

import static io.proxywatch.collector.alerting.Fixtures.firing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeState;
import io.proxywatch.collector.divergence.EpisodeView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route matchers, the routes file's errors, and silence matchers and limits. */
class RoutingAndSilenceTest {
  static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  @TempDir Path dir;

  @Test
  void aRouteAcceptsAnEventOnlyWhenEverySetMatcherMatches() {
    AlertEvent content = firing(1, EpisodeKind.CONTENT, List.of("frankfurt"), NOW);
    assertThat(Route.ALL.accepts(content)).isTrue();
    assertThat(route(Set.of(EpisodeKind.Severity.WARNING), Set.of(), Set.of(), "").accepts(content)).isTrue();
    assertThat(route(Set.of(EpisodeKind.Severity.CRITICAL), Set.of(), Set.of(), "").accepts(content)).isFalse();
    assertThat(route(Set.of(), Set.of(EpisodeKind.ETAG), Set.of(), "").accepts(content)).isFalse();
    assertThat(route(Set.of(), Set.of(), Set.of("tokyo", "frankfurt"), "").accepts(content)).as("any region").isTrue();
    assertThat(route(Set.of(), Set.of(), Set.of("tokyo"), "").accepts(content)).isFalse();
    assertThat(route(Set.of(), Set.of(EpisodeKind.CONTENT), Set.of(), "example.com/").accepts(content)).isTrue();
    assertThat(route(Set.of(), Set.of(), Set.of(), "github.com/").accepts(content)).isFalse();
  }

  @Test
  void theRoutesFile_readsChannels_andNamesAnUnknownKey() throws Exception {
    Files.writeString(dir.resolve("headers"), "# tenant\nX-Scope-OrgID: tenant-1\nAuthorization: Bearer s3cret\n");
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        routes:
          - name: security
            type: webhook
            url: https://hooks.example/security
            match: {severity: critical, kind: [content, status], module_prefix: github.com/acme/}
            labels: {team: security}
            headers_file: headers
          - name: chat
            type: slack
            url: https://hooks.slack.example/services/T/B/secret
        """);
    List<RoutedChannel> loaded = RoutesFile.load(routes);
    assertThat(loaded).hasSize(2);
    Route security = loaded.get(0).route();
    assertThat(security.kinds()).containsExactlyInAnyOrder(EpisodeKind.CONTENT, EpisodeKind.STATUS);
    assertThat(security.headers()).containsEntry("X-Scope-OrgID", "tenant-1");
    assertThat(security.toString()).doesNotContain("s3cret");
    assertThat(loaded.get(1).toString()).doesNotContain("secret");
    assertThat(loaded.get(0).channel("k", java.time.Clock.systemUTC()).id()).endsWith(":security");

    Files.writeString(routes, "routes:\n  - name: a\n    type: webhook\n    url: https://h.example/\n    match: {sevrity: info}\n");
    assertThatThrownBy(() -> RoutesFile.load(routes)).hasMessage(
        "routes[0].match.sevrity: unknown key (known: kind, module_prefix, region, severity)");
    Files.writeString(routes, "routes:\n  - name: a\n    type: pager\n    url: https://h.example/\n");
    assertThatThrownBy(() -> RoutesFile.load(routes)).hasMessage(
        "routes[0].type: expected webhook, slack or alertmanager, got \"pager\"");
    Files.writeString(routes, "routes:\n  - name: a\n    type: webhook\n    url: https://h.example/\n    labels: {severity: x}\n");
    assertThatThrownBy(() -> RoutesFile.load(routes)).hasMessageStartingWith("routes[0].labels.severity: expected a label");
  }

  @Test
  void aHeadersFileError_namesTheLine_neverTheValue() throws Exception {
    Path headers = Files.writeString(dir.resolve("h"), "Authorization Bearer s3cret\n");
    assertThatThrownBy(() -> HeadersFile.read(headers)).hasMessage("headers_file \"" + headers + "\" line 1: expected \"Name: value\"");
  }

  @Test
  void aSilenceMatchesWhenEveryRegionTheEpisodeNamesIsItsRegion_andExpiresByItself() {
    Silence tokyo = silence(new Silence.Fields("tokyo", "", "", "", NOW, NOW.plusSeconds(3600), "ops", ""));
    assertThat(tokyo.matches(episode(List.of("tokyo")))).isTrue();
    assertThat(tokyo.matches(episode(List.of("tokyo", "frankfurt")))).as("frankfurt is news").isFalse();
    assertThat(tokyo.activeAt(NOW)).isTrue();
    assertThat(tokyo.activeAt(NOW.plusSeconds(3600))).isFalse();
    Silence proxy = silence(new Silence.Fields("", "example.", "content", "https://proxy.example", NOW, NOW.plusSeconds(60), "ops", ""));
    assertThat(proxy.matches(episode(List.of("frankfurt")))).isTrue();
  }

  @Test
  void silenceLimits_nameTheField() {
    assertThatThrownBy(() -> SilenceRules.check(new Silence.Fields("", "", "", "", NOW, NOW.plusSeconds(60), "ops", ""), NOW, true))
        .hasMessage("matchers: expected at least one of region, module_prefix, kind, proxy, got \"\"");
    assertThatThrownBy(() -> SilenceRules.check(new Silence.Fields("Tokyo", "", "", "", NOW, NOW.plusSeconds(60), "ops", ""), NOW, true))
        .hasMessage("region: expected 1-64 of [a-z0-9-], got \"Tokyo\"");
    assertThatThrownBy(() -> SilenceRules.check(new Silence.Fields("tokyo", "", "", "", NOW, NOW, "ops", ""), NOW, true))
        .hasMessage("ends_at: expected a time after starts_at (2026-11-29T10:00:00Z), got \"2026-11-29T10:00:00Z\"");
    assertThatThrownBy(() -> SilenceRules.check(new Silence.Fields("tokyo", "", "", "", NOW, NOW.plusSeconds(400L * 86400), "ops", ""), NOW, true))
        .isInstanceOf(InvalidSilenceException.class).extracting(e -> ((InvalidSilenceException) e).field()).isEqualTo("ends_at");
    assertThatThrownBy(() -> SilenceRules.check(new Silence.Fields("tokyo", "", "", "", NOW, NOW.plusSeconds(60), "", ""), NOW, true))
        .hasMessage("author: expected 1 to 64 characters, got \"\"");
    assertThatThrownBy(() -> SilenceRules.check(new Silence.Fields("", "", "stail", "", NOW, NOW.plusSeconds(60), "ops", ""), NOW, true))
        .hasMessageStartingWith("kind: expected one of status, redirect, content, etag, stale");
  }

  private static Route route(Set<EpisodeKind.Severity> severities, Set<EpisodeKind> kinds, Set<String> regions, String prefix) {
    return new Route("r", severities, kinds, regions, prefix, Map.of(), Map.of());
  }

  private static Silence silence(Silence.Fields fields) {
    return new Silence(1, fields, NOW, NOW);
  }

  private static EpisodeView episode(List<String> outliers) {
    return new EpisodeView(5, EpisodeKind.CONTENT, "example.com/hello", "v1.0.0", "mod", "https://proxy.example/example.com/hello/@v/v1.0.0.mod",
        null, EpisodeState.FIRING, NOW, NOW, null, null, NOW, 2, "", "", List.of("sao-paulo"), outliers, outliers, Map.of(),
        null, null, 0, 1, "", Map.of(), null, Map.of(), 0);
  }
}
