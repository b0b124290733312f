package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.storage.CommittedSamples;
import io.proxywatch.common.Durations;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link ITEvaluator}, judged from the leader's table of latest answers: rebuilt from the database at
 * the first evaluation, then fed each commit as the writer would; and what only this evaluator promises: an open
 * episode whose target did not change costs nothing until one of its timers runs out.
 */
class ITEvaluatorIncremental extends ITEvaluator {
  LatestObservations latest;

  @Override
  Evaluator evaluator(DivergencePolicy policy) {
    latest = new LatestObservations(FreshnessWindows.uniform(policy.freshness()));
    return new Evaluator(policy, FreshnessWindows.uniform(policy.freshness()), GroundTruthPolicy.defaults(),
        Durations.parse(DivergencePolicy.DEFAULT_CLOCK_SKEW_BOUND), this::record, clock, latest);
  }

  @Override
  void stored(Sample sample, Instant receivedAt) {
    latest.offer(new CommittedSamples(List.of(sample), receivedAt));
  }

  @Test
  void anOpenEpisodeWhoseTargetDidNotChange_isNotWrittenAgain_untilItsCooldownRunsOut() throws Exception {
    EndpointKind mod = EndpointKind.ENDPOINT_KIND_MOD;
    serve(mod, 0, "aa", "aa", "aa", "bb");
    evaluate();
    probe("los-angeles", mod, 1000, "bb", "\"x\"");
    assertThat(evaluate()).isEqualTo(1);
    String row = episode("xmin::text");
    String lastDisagreement = episode("last_disagreement_at");
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(evaluate()).isZero();
    }
    assertThat(episode("xmin::text")).as("the firing episode's row, untouched while nothing arrived").isEqualTo(row);
    assertThat(episode("last_disagreement_at")).isEqualTo(lastDisagreement);

    probe("tokyo", mod, 4000, "aa", "\"x\"");
    assertThat(evaluate()).isZero();
    assertThat(episode("last_disagreement_at")).as("a new answer: judged again").isNotEqualTo(lastDisagreement);

    probe("los-angeles", mod, 5000, "aa", "\"x\"");
    assertThat(evaluate()).isZero();
    assertThat(episode("state")).isEqualTo("converged");
    row = episode("xmin::text");
    clock.advance(Duration.ofSeconds(1));
    assertThat(evaluate()).as("within the cool-down").isZero();
    assertThat(episode("xmin::text")).isEqualTo(row);

    clock.advance(Duration.ofSeconds(5));
    assertThat(evaluate()).as("the cool-down ran out with nothing new: its timer resolves it").isEqualTo(1);
    assertThat(episode("state")).isEqualTo("resolved");
    assertThat(events).containsExactly("firing content [los-angeles]", "resolved content [los-angeles]");
  }
}
