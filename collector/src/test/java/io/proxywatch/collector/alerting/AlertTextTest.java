package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeEvent;
import static io.proxywatch.collector.alerting.Fixtures.firing;
import static io.proxywatch.collector.alerting.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTextTest {
  static final Clock SAME_DAY = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void firingDivergence_saysWhoServesWhatSinceWhen() {
    assertThat(SlackChannel.line(firing(1), SAME_DAY)).isEqualTo(":rotating_light: *Divergence firing* (warning): "
        + "`example.com/hello@v1.0.0 .info` — content differs: frankfurt serves 200 sha256:ab12cd34 while tokyo, sao-paulo, "
        + "los-angeles serve 200 sha256:cd34ef56 (since 09:14 UTC)");
  }

  @Test
  void resolvedDivergence_saysHowLongAndWhoWasLast() {
    assertThat(SlackChannel.line(resolved(1), SAME_DAY)).isEqualTo(":white_check_mark: *Divergence resolved* (warning): "
        + "`example.com/hello@v1.0.0 .info` — content converged after 4m12s; last region to converge: frankfurt");
  }

  @Test
  void outliersWithDifferentFingerprints_areGrouped_andOtherDaysShowTheDate() {
    AlertEvent e = new AlertEvent(2, EpisodeEvent.FIRING, AlertEvent.DIVERGENCE, EpisodeKind.ETAG, "example.com/m", "", "list", "", List.of("a", "b", "c"),
        List.of("d"), "etag:\"x\"", Map.of("a", "etag:\"y\"", "b", "etag:\"z\"", "c", "etag:\"y\""),
        Instant.parse("2026-11-25T23:59:00Z"), null, null, null, null, null);
    assertThat(AlertText.summary(e, SAME_DAY)).isEqualTo("Divergence firing: example.com/m @v/list — ETag differs: "
        + "a, c serve etag:\"y\", b serves etag:\"z\" while d serves etag:\"x\" (since 2026-11-25 23:59 UTC)");
  }

  @Test
  void agentOffline_namesTheRegion() {
    AlertEvent e = new AlertEvent(3, EpisodeEvent.FIRING, AlertEvent.AGENT_OFFLINE, EpisodeKind.AGENT_OFFLINE, "", "", "", "", List.of("frankfurt"),
        List.of(), "", Map.of(), Instant.parse("2026-11-26T09:14:00Z"), Instant.parse("2026-11-26T09:19:00Z"), null, null, "", "");
    assertThat(SlackChannel.line(e, SAME_DAY)).isEqualTo(":warning: *Agent offline* (warning): no samples from frankfurt (since 09:14 UTC)");
  }

  @Test
  void regionDegraded_namesTheRegionAndTheMixOfFailures() {
    AlertEvent e = new AlertEvent(4, EpisodeEvent.FIRING, AlertEvent.REGION_DEGRADED, EpisodeKind.REGION_DEGRADED, "", "", "", "",
        List.of("tokyo"), List.of(), "", Map.of(), Instant.parse("2026-11-26T09:14:00Z"), Instant.parse("2026-11-26T09:15:00Z"),
        null, null, "", "", Map.of("timeout", 31, "5xx", 2), 40);
    assertThat(SlackChannel.line(e, SAME_DAY)).isEqualTo(":warning: *Region degraded* (warning): tokyo fails 33 of 40 targets"
        + " (5xx 2, timeout 31) since 09:14 UTC");
  }

  @Test
  void slackControlCharacters_areEscaped() {
    assertThat(SlackChannel.escape("<a> & b")).isEqualTo("&lt;a&gt; &amp; b");
  }

  @Test
  void durations_readAsAPersonWouldSayThem() {
    assertThat(AlertText.duration(0.4)).isEqualTo("400ms");
    assertThat(AlertText.duration(12)).isEqualTo("12s");
    assertThat(AlertText.duration(252)).isEqualTo("4m12s");
    assertThat(AlertText.duration(3725)).isEqualTo("1h2m5s");
  }
}
