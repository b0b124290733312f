package io.proxywatch.collector.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps stats_rollup up to date: every 30 s it recomputes each closed hour marked in stats_rollup_dirty from
 * samples, newest first, one hour per transaction, and deletes exactly the marks its snapshot saw (a mark
 * added meanwhile stays for the next round). Recomputing a whole hour rather than merging increments makes
 * a replayed, late or repeated write harmless. Replicas serialise on a session advisory lock, so any one
 * of them may run it.
 */
public final class RollupJob implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(RollupJob.class);
  private static final long LOCK_KEY = 0x70775f726f6c6cL;
  private static final long PERIOD_MILLIS = 30_000;
  private static final int HOURS_PER_ROUND = 24;
  private static final String CLOSED_HOURS = "SELECT hour FROM stats_rollup_dirty WHERE hour <= now() - INTERVAL '61 minutes'"
      + " GROUP BY hour ORDER BY hour DESC LIMIT ?";
  private static final String MARKS = "SELECT array_agg(id) FROM stats_rollup_dirty WHERE hour = ?";
  private static final String CLEAR = "DELETE FROM stats_rollup WHERE hour = ?";
  private static final String FILL = "INSERT INTO stats_rollup (hour, region, module, endpoint, count, errors, ttfb_bins,"
      + " ttfb_counts) " + RollupSql.aggregate("time >= ? AND time < ?");
  private static final String UNMARK = "DELETE FROM stats_rollup_dirty WHERE id = ANY(?)";

  private final DataSource dataSource;
  private final Thread thread;
  private volatile boolean running = true;

  private RollupJob(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.thread = new Thread(this::run, "proxywatch-rollup");
    thread.setDaemon(true);
  }

  /** Starts the periodic job on a daemon thread. */
  public static RollupJob start(DataSource dataSource) {
    RollupJob job = new RollupJob(dataSource);
    job.thread.start();
    return job;
  }

  /**
   * Rolls up every closed marked hour now, on the caller's thread (taking turns with running jobs); returns how
   * many hours it recomputed. For back-fills and benchmarks.
   */
  public static int drain(DataSource dataSource) throws SQLException, InterruptedException {
    RollupJob job = new RollupJob(dataSource);
    int total = 0;
    int done;
    while ((done = job.round()) != 0 || job.anyClosedHourMarked()) {
      if (done < 0) TimeUnit.MILLISECONDS.sleep(100);
      else total += done;
    }
    return total;
  }

  private boolean anyClosedHourMarked() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return !closedHours(c).isEmpty();
    }
  }

  private void run() {
    while (running) {
      try {
        int done = round();
        if (done < HOURS_PER_ROUND) TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS); // else: a backlog, go on
      } catch (SQLException | RuntimeException e) {
        logger.warn("stats rollup failed, retrying in {} s: {}", PERIOD_MILLIS / 1000, e.toString());
        sleepQuietly();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One round: up to HOURS_PER_ROUND hours; 0 when nothing is marked, -1 when another replica holds the lock. */
  private int round() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (!advisoryLock(c, "pg_try_advisory_lock")) return -1;
      try {
        int done = 0;
        for (Timestamp hour : closedHours(c)) {
          if (!running) break;
          rollUp(c, hour);
          done++;
        }
        return done;
      } finally {
        advisoryLock(c, "pg_advisory_unlock");
      }
    }
  }

  private static boolean advisoryLock(Connection c, String function) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(?)")) {
      s.setLong(1, LOCK_KEY);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static List<Timestamp> closedHours(Connection c) throws SQLException {
    List<Timestamp> hours = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(CLOSED_HOURS)) {
      s.setInt(1, HOURS_PER_ROUND);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) hours.add(rs.getTimestamp(1));
      }
    }
    return hours;
  }

  /** One hour in one REPEATABLE READ transaction: the marks read and the samples aggregated share a snapshot. */
  private static void rollUp(Connection c, Timestamp hour) throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      Array marks = marks(c, hour);
      execute(c, CLEAR, hour);
      execute(c, FILL, hour, new Timestamp(hour.getTime() + RollupSql.HOUR_SECONDS * 1000));
      if (marks != null) execute(c, UNMARK, marks);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(true);
    }
  }

  private static Array marks(Connection c, Timestamp hour) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MARKS)) {
      s.setTimestamp(1, hour);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getArray(1) : null;
      }
    }
  }

  private static void execute(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
      s.executeUpdate();
    }
  }

  private void sleepQuietly() {
    try {
      TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
    } catch (InterruptedException e) {
      running = false;
    }
  }

  /** Stops after the hour in hand. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
