package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
          long before = stored(db);
          await().atMost(Duration.ofSeconds(30)).until(() -> stored(db) > before + 200);
          collector.close();
          Thread.sleep(1_000); // agents keep probing into their outboxes while no collector listens
          collector = Collector.start(CollectorConfig.of(db, grpcPort, httpPort));
        }
        long afterRestarts = stored(db);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(db) > afterRestarts + 200);
        fleet.agents.forEach(a -> assertThat(a.counters().samplesDropped()).isZero());
      } finally {
        collector.close();
      }
    }
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT a.agent_id, a.highest_sequence, count(x.sequence) AS n,"
             + " count(DISTINCT x.sequence) AS d, min(x.sequence) AS lo, max(x.sequence) AS hi"
             + " FROM agents a JOIN samples x USING (agent_id) GROUP BY a.agent_id, a.highest_sequence")) {
      int agents = 0;
      while (rs.next()) {
        agents++;
        String agent = rs.getString("agent_id");
        assertThat(rs.getLong("n")).as("%s: no duplicates", agent).isEqualTo(rs.getLong("d"));
        assertThat(rs.getLong("lo")).as("%s: starts at 1", agent).isEqualTo(1);
        assertThat(rs.getLong("hi")).as("%s: highest", agent).isEqualTo(rs.getLong("highest_sequence"));
        assertThat(rs.getLong("n")).as("%s: no gaps", agent).isEqualTo(rs.getLong("hi"));
      }
      assertThat(agents).isEqualTo(4);
    }
  }

  private static long stored(DbSettings db) throws Exception {
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM samples")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
