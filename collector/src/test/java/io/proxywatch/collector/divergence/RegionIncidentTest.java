package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The regional incident's transitions (the same table as a target episode's), and the rule that degrades a region. */
class RegionIncidentTest {
  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  static final RegionTally TOKYO = new RegionTally("tokyo", 40, Map.of("timeout", 31, "5xx", 2));
  static final DivergencePolicy POLICY = EpisodeTest.POLICY.withRegionRules(0.5, Duration.ofMinutes(1), 10);

  static Stream<Arguments> table() {
    return TransitionTable.rows();
  }

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @MethodSource("table")
  void transitionTable(EpisodeState from, TransitionTable.Move move, EpisodeState to) {
    RegionIncident incident = in(from);
    TransitionTable.check(from, to, () -> apply(incident, move), incident::state);
  }

  static void apply(RegionIncident i, TransitionTable.Move move) {
    switch (move) {
      case OBSERVE -> i.observe(TOKYO, T0.plusSeconds(5));
      case FIRE -> i.fire(T0.plusSeconds(60));
      case WITHDRAW -> i.withdraw(T0.plusSeconds(30));
      case CONVERGE -> i.converge(T0.plusSeconds(80));
      case REOPEN -> i.reopen();
      case RESOLVE -> i.resolve(T0.plusSeconds(90));
    }
  }

  @Test
  void firesOnlyAfterTheDuration_andNamesTheRegionAndTheMix() {
    RegionIncident incident = RegionIncident.open(TOKYO, T0);
    assertThat(incident.lastedLongEnough(POLICY, T0.plusSeconds(59))).isFalse();
    assertThat(incident.lastedLongEnough(POLICY, T0.plusSeconds(60))).isTrue();
    incident.fire(T0.plusSeconds(60));
    EpisodeView v = incident.view();
    assertThat(v.kind()).isEqualTo(EpisodeKind.REGION_DEGRADED);
    assertThat(v.region()).isEqualTo("tokyo");
    assertThat(v.alertRegions()).containsExactly("tokyo");
    assertThat(v.failures()).containsEntry("timeout", 31).containsEntry("5xx", 2);
    assertThat(v.regionTargets()).isEqualTo(40);
    assertThat(v.eventSequence()).isEqualTo(1);
    assertThat(RegionIncident.restore(v).view()).isEqualTo(v);
  }

  @Test
  void aRegionIsDegradedWithEnoughTargets_andAShareFailing() {
    assertThat(TOKYO.degraded(POLICY)).isTrue();
    assertThat(new RegionTally("tokyo", 40, Map.of("connect", 19)).degraded(POLICY)).as("19 of 40").isFalse();
    assertThat(new RegionTally("tokyo", 9, Map.of("dns", 9)).degraded(POLICY)).as("too few targets").isFalse();
    assertThat(RegionTally.failure(new Observation(EpisodeTest.MOD, "tokyo", "a", 1, T0, "u", 503, null, null, null, null, null, "")))
        .isEqualTo("5xx");
    assertThat(RegionTally.failure(new Observation(EpisodeTest.MOD, "tokyo", "a", 1, T0, "u", 404, null, null, null, null, null, "")))
        .as("a 404 is an answer, not a failure").isNull();
  }

  static RegionIncident in(EpisodeState state) {
    RegionIncident incident = RegionIncident.open(TOKYO, T0);
    if (state != EpisodeState.PENDING) incident.fire(T0.plusSeconds(60));
    if (state == EpisodeState.CONVERGED || state == EpisodeState.RESOLVED) incident.converge(T0.plusSeconds(80));
    if (state == EpisodeState.RESOLVED) incident.resolve(T0.plusSeconds(90));
    return RegionIncident.restore(incident.view());
  }

}
