package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An agent outage fires when opened and is resolved, once, when the agent is heard from again. */
class AgentEpisodeTest {
  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void opened_isFiringAtOnce_andNamesTheRegion() {
    EpisodeView v = AgentEpisode.open(EpisodeKind.AGENT_OFFLINE, "tokyo-1", "tokyo", T0).view();
    assertThat(v.kind()).isEqualTo(EpisodeKind.AGENT_OFFLINE);
    assertThat(v.state()).isEqualTo(EpisodeState.FIRING);
    assertThat(v.agentId()).isEqualTo("tokyo-1");
    assertThat(v.alertRegions()).containsExactly("tokyo");
    assertThat(v.eventSequence()).isEqualTo(1);
  }

  @Test
  void resolved_measuresTheOutage_andCannotBeResolvedTwice() {
    AgentEpisode outage = AgentEpisode.restore(AgentEpisode.open(EpisodeKind.AGENT_OFFLINE, "tokyo-1", "tokyo", T0).view());
    outage.resolve(T0.plusSeconds(90));
    EpisodeView v = outage.view();
    assertThat(v.state()).isEqualTo(EpisodeState.RESOLVED);
    assertThat(v.convergenceSeconds()).isEqualTo(90.0);
    assertThat(v.convergedLastRegion()).isEqualTo("tokyo");
    assertThat(v.eventSequence()).isEqualTo(2);
    assertThatThrownBy(() -> outage.resolve(T0.plusSeconds(91))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTargetEpisode_isNotAnAgentEpisode() {
    EpisodeView target = EpisodeTest.in(EpisodeState.FIRING, true).view(java.util.Map.of());
    assertThatThrownBy(() -> AgentEpisode.restore(target)).isInstanceOf(IllegalArgumentException.class);
  }
}
