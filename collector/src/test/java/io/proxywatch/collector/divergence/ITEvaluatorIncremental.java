package io.proxywatch.collector.divergence;

import io.proxywatch.collector.storage.CommittedSamples;
import io.proxywatch.common.Durations;
import io.proxywatch.proto.v1.Sample;
import java.time.Instant;
import java.util.List;

/**
 * Every rule of {@link ITEvaluator}, judged from the leader's table of latest answers: rebuilt from the database at
 * the first evaluation, then fed each commit as the writer would.
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
}
