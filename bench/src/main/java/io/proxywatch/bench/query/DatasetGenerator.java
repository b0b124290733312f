package io.proxywatch.bench.query;

import io.proxywatch.collector.storage.SampleRows;
import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.SyntheticSamples;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills a dedicated database with the query benchmark's dataset through COPY, one day per transaction.
 * Resumable and idempotent: the dataset's end time and every finished day are recorded in the same
 * database (bench_dataset, bench_dataset_days), so a re-run only writes the missing days. While days are
 * missing, the secondary indexes of samples are dropped and rebuilt afterwards with the migration's exact
 * definitions (faster than maintaining four B-trees row by row).
 */
public final class DatasetGenerator {
  private final BenchDb db;
  private final String database;

  public DatasetGenerator(BenchDb db, String database) {
    this.db = db;
    this.database = database;
  }

  /** Generates what is missing and returns the dataset. */
  public Dataset ensure() throws SQLException {
    db.ensure(database);
    try (Connection c = db.connect(database)) {
      Dataset dataset = dataset(c);
      List<Integer> missing = missingDays(c, dataset);
      if (!missing.isEmpty()) {
        System.err.printf("dataset %s: generating %d of %d days (%,d rows each)%n", database, missing.size(), dataset.days(),
            dataset.rowsPerDay());
        SampleIndexes.drop(c);
        for (int day : missing) generateDay(c, dataset, day);
      }
      SampleIndexes.create(c);
      return dataset;
    }
  }

  private static Dataset dataset(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bench_dataset (id int PRIMARY KEY, end_time timestamptz NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS bench_dataset_days (day int PRIMARY KEY, rows bigint NOT NULL)");
      s.execute("INSERT INTO bench_dataset VALUES (1, '" + Instant.now().truncatedTo(ChronoUnit.HOURS) + "') ON CONFLICT DO NOTHING");
      try (ResultSet rs = s.executeQuery("SELECT end_time FROM bench_dataset WHERE id = 1")) {
        rs.next();
        return Dataset.standard(rs.getTimestamp(1).toInstant());
      }
    }
  }

  private static List<Integer> missingDays(Connection c, Dataset dataset) throws SQLException {
    List<Integer> missing = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM bench_dataset_days WHERE day = ?")) {
      for (int day = 0; day < dataset.days(); day++) {
        s.setInt(1, day);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) missing.add(day);
        }
      }
    }
    return missing;
  }

  /** One day in one transaction: an interrupted day leaves nothing behind and is written again next time. */
  private static void generateDay(Connection c, Dataset d, int day) throws SQLException {
    long started = System.nanoTime();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL synchronous_commit = off");
      long from = d.dayStart(day).toEpochMilli() * 1000;
      long to = from + 86_400_000_000L;
      s.execute("DELETE FROM samples WHERE time >= to_timestamp(" + from / 1e6 + ") AND time < to_timestamp(" + to / 1e6 + ")");
    }
    long rows = copyDay(c, d, day);
    markForRollup(c, d.dayStart(day));
    try (PreparedStatement s = c.prepareStatement("INSERT INTO bench_dataset_days VALUES (?, ?)")) {
      s.setInt(1, day);
      s.setLong(2, rows);
      s.executeUpdate();
    }
    c.commit();
    c.setAutoCommit(true);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.err.printf("day %d: %,d rows in %.1f s (%,.0f rows/s)%n", day, rows, seconds, rows / seconds);
  }

  /** Rows written around the collector's writer: mark their hours for its rollup job, as the writer would. */
  private static void markForRollup(Connection c, Instant dayStart) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('stats_rollup_dirty') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) return;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO stats_rollup_dirty (hour)"
        + " SELECT generate_series(?::timestamptz, ?::timestamptz + INTERVAL '23 hours', INTERVAL '1 hour')")) {
      s.setObject(1, java.sql.Timestamp.from(dayStart));
      s.setObject(2, java.sql.Timestamp.from(dayStart));
      s.executeUpdate();
    }
  }

  private static long copyDay(Connection c, Dataset d, int day) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SampleRows.COPY_SQL);
    long dayStart = d.dayStart(day).toEpochMilli() * 1000;
    long intervalMicros = d.interval().toNanos() / 1000;
    StringBuilder buf = new StringBuilder(1 << 21);
    long rows = 0;
    try {
      for (long k = 0; k < d.probesPerDay(); k++) {
        for (int u = 0; u < d.urls(); u++) {
          for (int r = 0; r < d.regions(); r++) {
            long offset = Math.floorMod(SyntheticSamplesOffsets.of(u, r), intervalMicros);
            long sequence = (day * d.probesPerDay() + k) * d.urls() + u + 1;
            SampleRows.append(buf, SyntheticSamples.sample(d.agentId(r), Dataset.REGIONS[r], sequence, u,
                dayStart + k * intervalMicros + offset));
            rows++;
          }
        }
        if (buf.length() > 1 << 20) SampleRows.send(copy, buf);
      }
      SampleRows.send(copy, buf);
      copy.endCopy();
      return rows;
    } finally {
      if (copy.isActive()) copy.cancelCopy();
    }
  }


  /** Where in the interval each region probes each URL: fixed, spread out. */
  static final class SyntheticSamplesOffsets {
    private SyntheticSamplesOffsets() {}

    static long of(int url, int region) {
      long z = (url * 131L + region) * 0x9E3779B97F4A7C15L;
      return (z ^ (z >>> 29)) & Long.MAX_VALUE;
    }
  }
}
