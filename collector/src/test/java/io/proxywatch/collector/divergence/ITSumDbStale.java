package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.proxywatch.collector.MutableClock;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.sumdb.GoSumDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sumdb_stale against tree heads in a real TimescaleDB, with the clock moved by hand and a grace of 2 minutes. */
class ITSumDbStale {
  static final Duration GRACE = Duration.ofMinutes(2);

  final List<String> events = new CopyOnWriteArrayList<>();
  HikariDataSource pool;
  MutableClock clock;
  Evaluator evaluator;
  Instant t0;
  long sequence;

  @BeforeEach
  void setUp() {
    pool = TestDatabase.migrated();
    t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    clock = new MutableClock(t0);
    GroundTruthPolicy truth = new GroundTruthPolicy(GoSumDb.DEFAULT, GRACE, Duration.ofMinutes(15), (a, b, s) -> {});
    evaluator = new Evaluator(ITEvaluator.POLICY, FreshnessWindows.uniform(ITEvaluator.POLICY.freshness()),
        truth, Duration.ofMinutes(1), (c, e, event) -> events.add(event.label() + " " + e.outlierRegions()), clock,
        new LatestObservations(FreshnessWindows.uniform(ITEvaluator.POLICY.freshness())));
  }

  @AfterEach
  void tearDown() {
    pool.close();
  }

  @Test
  void aRegionThatHasNotReadSinceTheTreeGrew_isNotStale_oneThatReadsAnOldTreeBeyondTheGrace_is() throws Exception {
    head("tokyo", 0, 100);
    head("frankfurt", 0, 100);
    head("frankfurt", 1, 101);
    at(4);
    assertThat(evaluate()).as("tokyo's reading at 0 predates tree 101: merely old, not behind").isZero();

    head("tokyo", 2, 100);
    at(5);
    assertThat(evaluate()).as("at 2 tokyo was 1 minute behind: within the grace").isZero();

    head("tokyo", 4, 100);
    at(5);
    assertThat(evaluate()).as("at 4 tokyo still read tree 100, 3 minutes after 101 was seen").isEqualTo(1);
    assertThat(events).containsExactly("firing [tokyo]");

    head("tokyo", 6, 101);
    at(6);
    assertThat(evaluate()).isEqualTo(1);
    assertThat(events).containsExactly("firing [tokyo]", "resolved [tokyo]");
  }

  private void at(int minutes) {
    clock.set(t0.plus(Duration.ofMinutes(minutes)));
  }

  private void head(String region, int minutes, long size) throws Exception {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO sumdb_heads (time,"
        + " agent_id, sequence, region, sumdb_name, source, via, tree_size, root_hash, note) VALUES (?, ?, ?, ?,"
        + " 'sum.golang.org', 'https://sum.golang.org/', 'direct', ?, 'root', 'note')")) {
      s.setTimestamp(1, Timestamp.from(t0.plus(Duration.ofMinutes(minutes))));
      s.setString(2, region + "-1");
      s.setLong(3, ++sequence);
      s.setString(4, region);
      s.setLong(5, size);
      s.executeUpdate();
    }
  }

  private int evaluate() throws Exception {
    try (Connection c = pool.getConnection()) {
      return evaluator.evaluate(c);
    }
  }
}
