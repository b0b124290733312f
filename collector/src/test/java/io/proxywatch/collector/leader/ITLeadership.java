package io.proxywatch.collector.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two collector replicas on one database: exactly one leads, and the other takes over when it goes. */
class ITLeadership {

  @Test
  @SuppressWarnings("try") // closing the leader mid-block is the failover under test; refresh() reconnects it
  void oneLeaderAtATime_andFailoverWhenItGoes() {
    DbSettings db = TestDatabase.fresh();
    try (Leadership first = new Leadership(db); Leadership second = new Leadership(db)) {
      assertThat(first.refresh()).isTrue();
      assertThat(second.refresh()).isFalse();
      assertThat(first.refresh()).as("a leader stays leader").isTrue();
      first.close();
      // The server releases the lock when the old leader's backend has gone, a moment after the client closed its
      // connection (a fresh clone's run asked in that moment): the next refreshes take over.
      await("the lock is released with the leader's connection").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50)).until(second::refresh);
      assertThat(first.refresh()).as("the old leader, back, is a follower").isFalse();
    }
  }
}
