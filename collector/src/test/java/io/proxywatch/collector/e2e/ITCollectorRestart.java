package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restarting the collector while four agents stream loses nothing and stores nothing twice. */
class ITCollectorRestart {

  @Test
  void restartsWhileAgentsStream_storeEverySequenceExactlyOnce() throws Exception {
    DbSettings db = TestDatabase.fresh();
    try (Cdn cdn = Cdn.start(Map.of())) {
      Collector collector = Collector.start(CollectorConfig.of(db, 0, 0));
      int grpcPort = collector.grpcPort();
      int httpPort = collector.httpPort();
      try (Fleet fleet = Fleet.start(cdn, grpcPort, Duration.ofMillis(300))) {
        for (int restart = 0; restart < 3; restart++) {
          long before = Ledger.stored(db);
          await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.stored(db) > before + 200);
          collector.close();
          Thread.sleep(1_000); // agents keep probing into their outboxes while no collector listens
          collector = Collector.start(CollectorConfig.of(db, grpcPort, httpPort));
        }
        long afterRestarts = Ledger.stored(db);
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.stored(db) > afterRestarts + 200);
        fleet.agents.forEach(a -> assertThat(a.counters().samplesDropped()).isZero());
      } finally {
        collector.close();
      }
    }
    Ledger.assertEverySequenceOnce(db, 4);
  }
}
