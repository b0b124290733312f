package io.proxywatch.collector.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what is past its age, on the leader only, once an hour: sample chunks with TimescaleDB's
 * {@code drop_chunks} (the Apache edition has no retention policies), rollup marks for hours whose samples are gone
 * (they can no longer be recomputed, and recomputing would empty the rollup), old rollups, resolved episodes with
 * their evidence, and notifications delivered or given up on. Each statement is its own transaction; a run that fails
 * is logged and tried again at the next one.
 */
public final class RetentionJob implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(RetentionJob.class);
  private static final Duration FIRST_RUN = Duration.ofMinutes(1);
  private static final Duration PERIOD = Duration.ofHours(1);
  private static final String AGO = "now() - make_interval(secs => ?)";

  /** What one run removed. */
  public record Removed(long sampleChunks, long staleRollupMarks, long rollups, long episodes, long evidence,
                        long suppressed, long notifications) {}

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "proxywatch-retention");
    thread.setDaemon(true);
    return thread;
  });

  private RetentionJob() {}

  /** Runs every hour, first a minute after the start, whenever {@code isLeader} says this replica leads. */
  public static RetentionJob start(DataSource dataSource, RetentionPolicy policy, BooleanSupplier isLeader) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(policy, "policy");
    RetentionJob job = new RetentionJob();
    job.timer.scheduleWithFixedDelay(() -> {
      if (!isLeader.getAsBoolean()) return;
      try {
        runOnce(dataSource, policy);
      } catch (SQLException | RuntimeException e) {
        logger.warn("retention run failed, trying again in {}: {}", PERIOD, e.toString());
      }
    }, FIRST_RUN.toSeconds(), PERIOD.toSeconds(), TimeUnit.SECONDS);
    return job;
  }

  /** One run now, on the caller's thread; logs and returns what it removed. */
  public static Removed runOnce(DataSource dataSource, RetentionPolicy policy) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      long chunks = count(c, "SELECT count(*) FROM drop_chunks('samples', older_than => " + AGO + ")", policy.samples());
      long marks = count(c, "WITH gone AS (DELETE FROM stats_rollup_dirty d WHERE d.hour < " + AGO + " AND NOT EXISTS"
          + " (SELECT 1 FROM samples s WHERE s.time >= d.hour AND s.time < d.hour + interval '1 hour') RETURNING 1)"
          + " SELECT count(*) FROM gone", policy.samples());
      long rollups = deleted(c, "stats_rollup WHERE hour < " + AGO, policy.rollups());
      String resolved = "SELECT id FROM divergence_episodes WHERE state = 'resolved' AND resolved_at < " + AGO;
      long evidence = deleted(c, "divergence_evidence WHERE episode_id IN (" + resolved + ")", policy.episodes());
      long suppressed = deleted(c, "suppressed_notifications WHERE episode_id IN (" + resolved + ")", policy.episodes());
      long episodes = deleted(c, "divergence_episodes WHERE state = 'resolved' AND resolved_at < " + AGO, policy.episodes());
      long notifications = deleted(c, "notification_outbox WHERE (delivered_at IS NOT NULL OR failed_at IS NOT NULL)"
          + " AND created_at < " + AGO, policy.episodes());
      Removed removed = new Removed(chunks, marks, rollups, episodes, evidence, suppressed, notifications);
      logger.info("retention: dropped {} sample chunks older than {}d and {} rollup marks of dropped hours; removed {}"
          + " rollups older than {}d, {} resolved episodes ({} evidence rows, {} suppressed-notification records) and {}"
          + " settled notifications older than {}d", chunks, policy.samples().toDays(), marks, rollups,
          policy.rollups().toDays(), episodes, evidence, suppressed, notifications, policy.episodes().toDays());
      return removed;
    }
  }

  private static long deleted(Connection c, String fromWhere, Duration age) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + fromWhere)) {
      s.setDouble(1, age.toSeconds());
      return s.executeUpdate();
    }
  }

  private static long count(Connection c, String sql, Duration age) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setDouble(1, age.toSeconds());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
