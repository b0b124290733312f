package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * No false alarms: four agents probing four healthy edges for a minute and more, with the short test graces
 * (two rounds for .mod/.zip), open no episode at all. The length is PROXYWATCH_CLEAN_RUN_SECONDS (60: three
 * refreshes of every edge's 20 s copies of the mutable files, each a moment where edges may briefly differ).
 */
class ITCleanRun {
  static final Duration LENGTH = Duration.ofSeconds(Long.parseLong(
      System.getenv().getOrDefault("PROXYWATCH_CLEAN_RUN_SECONDS", "60")));

  @Test
  void edgesThatAgree_openNoEpisodeInSeveralMinutes() throws Exception {
    try (Rig rig = Rig.start(Map.of("PROXYWATCH_EDGE_MUTABLE_TTL", "20s"), UnaryOperator.identity())) {
      long samplesBefore = stored(rig);
      await().during(LENGTH).atMost(LENGTH.plusSeconds(30)).pollInterval(Duration.ofSeconds(2))
          .until(() -> rig.api.get("/api/v1/divergences").getJsonArray("divergences").isEmpty()
              && rig.api.get("/api/v1/consistency?diverging=true").getJsonArray("targets").isEmpty());
      long compared = stored(rig) - samplesBefore;
      assertThat(compared).as("samples compared during the run").isGreaterThan(LENGTH.toSeconds() * 4 * 20);
      System.out.printf("clean-run: %d s, %d samples from 4 regions, 0 episodes%n", LENGTH.toSeconds(), compared);
    }
  }

  private static long stored(Rig rig) {
    return rig.api.get("/api/v1/agents").getJsonArray("agents").stream()
        .mapToLong(a -> ((JsonObject) a).getLong("samples_stored")).sum();
  }
}
