package io.proxywatch.collector.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
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
      assertThat(second.refresh()).as("the lock is released with the leader's connection").isTrue();
      assertThat(first.refresh()).as("the old leader, back, is a follower").isFalse();
    }
  }
}
