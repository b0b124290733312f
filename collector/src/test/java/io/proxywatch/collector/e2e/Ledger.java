package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** SQL checks of what was stored: each agent's sequences exactly once, from 1 with no gap. */
final class Ledger {
  private Ledger() {}

  static long stored(DbSettings db) throws Exception {
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM samples")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Asserts exactly once, no gaps, for every agent; returns the samples stored. */
  static long assertEverySequenceOnce(DbSettings db, int agents) throws Exception {
    long total = 0;
    int seen = 0;
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT a.agent_id, a.highest_sequence, a.samples_missing, count(x.sequence) AS n,"
             + " count(DISTINCT x.sequence) AS d, min(x.sequence) AS lo, max(x.sequence) AS hi"
             + " FROM agents a JOIN samples x USING (agent_id)"
             + " GROUP BY a.agent_id, a.highest_sequence, a.samples_missing")) {
      while (rs.next()) {
        seen++;
        String agent = rs.getString("agent_id");
        assertThat(rs.getLong("n")).as("%s: no duplicates", agent).isEqualTo(rs.getLong("d"));
        assertThat(rs.getLong("lo")).as("%s: starts at 1", agent).isEqualTo(1);
        assertThat(rs.getLong("hi")).as("%s: highest", agent).isEqualTo(rs.getLong("highest_sequence"));
        assertThat(rs.getLong("n")).as("%s: no gaps", agent).isEqualTo(rs.getLong("hi"));
        assertThat(rs.getLong("samples_missing")).as("%s: nothing reported missing", agent).isZero();
        total += rs.getLong("n");
      }
    }
    assertThat(seen).isEqualTo(agents);
    return total;
  }
}
