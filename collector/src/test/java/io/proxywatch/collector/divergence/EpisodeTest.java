package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The episode's transitions as a table: every (state, step) pair either lands in one state or is refused. */
class EpisodeTest {
  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  static final TargetKey MOD = new TargetKey("example.com/hello", "v1.0.0", "mod");
  static final DivergencePolicy POLICY = new DivergencePolicy(Duration.ofSeconds(10), 2, Duration.ofSeconds(30),
      Duration.ofSeconds(5), Duration.ofSeconds(1));

  static Stream<Arguments> table() {
    return TransitionTable.rows();
  }

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @MethodSource("table")
  void transitionTable(EpisodeState from, TransitionTable.Move move, EpisodeState to) {
    Episode e = in(from, true);
    TransitionTable.check(from, to, () -> apply(e, move), e::state);
  }

  static void apply(Episode e, TransitionTable.Move move) {
    switch (move) {
      case OBSERVE -> e.observe(disagreement(2), T0.plusSeconds(5));
      case FIRE -> e.fire(T0.plusSeconds(5));
      case WITHDRAW -> e.withdraw(T0.plusSeconds(5), "tokyo", T0.plusSeconds(6));
      case CONVERGE -> e.converge(T0.plusSeconds(5), "tokyo");
      case REOPEN -> e.reopen();
      case RESOLVE -> e.resolve(T0.plusSeconds(9));
    }
  }

  @Test
  void reopeningAnEpisodeThatNeverFired_makesItPendingAgain() {
    Episode e = in(EpisodeState.CONVERGED, false);
    e.reopen();
    assertThat(e.state()).isEqualTo(EpisodeState.PENDING);
    assertThat(e.view(Map.of()).reopened()).isEqualTo(1);
  }

  @Test
  void firing_freezesTheOutliersForTheAlert_andCountsTheEvent() {
    Episode e = Episode.open(disagreement(1), T0);
    e.fire(T0.plusSeconds(1));
    e.observe(comparison("aa", "bb", "bb", "aa", 3), T0.plusSeconds(2));
    EpisodeView v = e.view(Map.of());
    assertThat(v.alertOutlierRegions()).containsExactly("los-angeles");
    assertThat(v.outlierRegions()).containsExactly("frankfurt", "sao-paulo");
    assertThat(v.eventSequence()).isEqualTo(1);
  }

  @Test
  void immutableTargets_fireOnRounds_mutableOnesOnTime() {
    Episode mod = Episode.open(disagreement(1), T0);
    assertThat(mod.graceOver(POLICY, T0)).isFalse();
    mod.observe(disagreement(2), T0.plusSeconds(1));
    assertThat(mod.graceOver(POLICY, T0.plusSeconds(1))).as("second round of the outlier").isTrue();

    Episode list = Episode.open(Comparison.of(new TargetKey("example.com/hello", "", "list"),
        observations(new TargetKey("example.com/hello", "", "list"), "aa", "aa", "aa", "bb", 1), null), T0);
    assertThat(list.graceOver(POLICY, T0.plusSeconds(29))).isFalse();
    assertThat(list.graceOver(POLICY, T0.plusSeconds(30))).isTrue();
  }

  @Test
  void resolving_measuresConvergenceFromTheOpening() {
    Episode e = in(EpisodeState.FIRING, true);
    e.converge(T0.plusSeconds(42), "los-angeles");
    e.resolve(T0.plusSeconds(50));
    EpisodeView v = e.view(Map.of());
    assertThat(v.convergenceSeconds()).isEqualTo(42.0);
    assertThat(v.convergedLastRegion()).isEqualTo("los-angeles");
    assertThat(v.resolvedAt()).isEqualTo(T0.plusSeconds(50));
  }

  /** An episode in the given state, restored as the store would. */
  static Episode in(EpisodeState state, boolean fired) {
    EpisodeView opened = Episode.open(disagreement(1), T0).view(Map.of());
    return Episode.restore(new EpisodeView(7, opened.kind(), opened.module(), opened.version(), opened.endpoint(),
        opened.url(), null, state, T0, fired ? T0.plusSeconds(1) : null,
        state == EpisodeState.CONVERGED || state == EpisodeState.RESOLVED ? T0.plusSeconds(3) : null,
        state == EpisodeState.RESOLVED ? T0.plusSeconds(8) : null, T0, 1, opened.roundMarker(), "200 sha256:aa",
        List.of("frankfurt", "sao-paulo", "tokyo"), List.of("los-angeles"), List.of(), Map.of(), null, null, 0,
        fired ? 1 : 0, null, Map.of(), 0));
  }

  /** los-angeles serves other bytes; its probe has sequence {@code round}. */
  static Comparison disagreement(long round) {
    return comparison("aa", "aa", "aa", "bb", round);
  }

  static Comparison comparison(String tokyo, String frankfurt, String saoPaulo, String losAngeles, long round) {
    return Comparison.of(MOD, observations(MOD, tokyo, frankfurt, saoPaulo, losAngeles, round), null);
  }

  static List<Observation> observations(TargetKey target, String tokyo, String frankfurt, String saoPaulo,
                                        String losAngeles, long round) {
    return List.of(observation(target, "tokyo", tokyo, 1), observation(target, "frankfurt", frankfurt, 1),
        observation(target, "sao-paulo", saoPaulo, 1), observation(target, "los-angeles", losAngeles, round));
  }

  static Observation observation(TargetKey target, String region, String sha, long sequence) {
    return new Observation(target, region, region + "-1", sequence, T0, "https://proxy.example/x", 200, null, null, null,
        sha);
  }
}
