package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The episode's transitions as a table: every (state, step) pair either lands in one state or is refused. */
class EpisodeTest {
  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  static final TargetKey MOD = new TargetKey("", "example.com/hello", "v1.0.0", "mod");
  static final DivergencePolicy POLICY = new DivergencePolicy(Duration.ofSeconds(10), 2, Duration.ofSeconds(30),
      Duration.ofSeconds(5), Duration.ofSeconds(1));

  enum Step {
    OBSERVE(e -> e.observe(disagreement(2), T0.plusSeconds(5))),
    FIRE(e -> e.fire(T0.plusSeconds(5))),
    CONVERGE(e -> e.converge(T0.plusSeconds(5), "tokyo")),
    REOPEN(Episode::reopen),
    RESOLVE(e -> e.resolve(T0.plusSeconds(9)));

    final Consumer<Episode> apply;

    Step(Consumer<Episode> apply) {
      this.apply = apply;
    }
  }

  static Stream<Arguments> table() {
    EpisodeState P = EpisodeState.PENDING, F = EpisodeState.FIRING, C = EpisodeState.CONVERGED, R = EpisodeState.RESOLVED;
    return Stream.of(
        Arguments.of(P, Step.OBSERVE, P), Arguments.of(P, Step.FIRE, F), Arguments.of(P, Step.CONVERGE, C),
        Arguments.of(P, Step.REOPEN, null), Arguments.of(P, Step.RESOLVE, null),
        Arguments.of(F, Step.OBSERVE, F), Arguments.of(F, Step.FIRE, null), Arguments.of(F, Step.CONVERGE, C),
        Arguments.of(F, Step.REOPEN, null), Arguments.of(F, Step.RESOLVE, null),
        Arguments.of(C, Step.OBSERVE, null), Arguments.of(C, Step.FIRE, null), Arguments.of(C, Step.CONVERGE, null),
        Arguments.of(C, Step.REOPEN, F), Arguments.of(C, Step.RESOLVE, R),
        Arguments.of(R, Step.OBSERVE, null), Arguments.of(R, Step.FIRE, null), Arguments.of(R, Step.CONVERGE, null),
        Arguments.of(R, Step.REOPEN, null), Arguments.of(R, Step.RESOLVE, null));
  }

  @ParameterizedTest(name = "{0} --{1}--> {2}")
  @MethodSource("table")
  void transitionTable(EpisodeState from, Step step, EpisodeState to) {
    Episode e = in(from, true);
    TransitionTable.check(from, to, () -> step.apply.accept(e), e::state);
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

    Episode list = Episode.open(Comparison.of(new TargetKey("", "example.com/hello", "", "list"),
        observations(new TargetKey("", "example.com/hello", "", "list"), "aa", "aa", "aa", "bb", 1), null), T0);
    assertThat(list.graceOver(POLICY, T0.plusSeconds(29))).isFalse();
    assertThat(list.graceOver(POLICY, T0.plusSeconds(30))).isTrue();
  }

  @Test
  void aPendingEpisodeThatFlaps_staysOneEpisode_withItsGraceFromTheFirstDisagreement_andResolvesSilently() {
    Episode e = Episode.open(disagreement(1), T0);
    e.converge(T0.plusSeconds(2), "los-angeles");
    e.reopen();
    e.observe(disagreement(2), T0.plusSeconds(4));
    assertThat(e.state()).isEqualTo(EpisodeState.PENDING);
    assertThat(e.view(Map.of()).openedAt()).isEqualTo(T0);
    e.converge(T0.plusSeconds(6), "los-angeles");
    assertThat(e.resolve(T0.plusSeconds(12))).as("never fired: nothing to notify").isFalse();
    assertThat(e.view(Map.of()).eventSequence()).isZero();
  }

  @Test
  void resolving_measuresConvergenceFromTheOpening() {
    Episode e = in(EpisodeState.FIRING, true);
    e.converge(T0.plusSeconds(42), "los-angeles");
    assertThat(e.resolve(T0.plusSeconds(50))).isTrue();
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
        fired ? 1 : 0, "", Map.of(), null, Map.of(), 0));
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
        sha, null, "");
  }
}
