package io.proxywatch.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.TreeSet;

/** The hours a writer transaction stores samples in; marked dirty for the rollup job in that same transaction. */
final class RollupMarks {
  private static final String MARK = "INSERT INTO stats_rollup_dirty (hour) SELECT unnest(?::timestamptz[])";
  private static final long HOUR_MICROS = RollupSql.HOUR_SECONDS * 1_000_000L;
  private final TreeSet<Long> hours = new TreeSet<>();

  void add(long startedUnixMicros) {
    hours.add(Math.floorDiv(startedUnixMicros, HOUR_MICROS));
  }

  /** One plain insert (no unique key, so it never waits for the job). */
  void write(Connection connection) throws SQLException {
    if (hours.isEmpty()) return;
    Timestamp[] stamps = hours.stream().map(h -> Timestamp.from(Instant.ofEpochSecond(h * RollupSql.HOUR_SECONDS)))
        .toArray(Timestamp[]::new);
    try (PreparedStatement statement = connection.prepareStatement(MARK)) {
      statement.setArray(1, connection.createArrayOf("timestamptz", stamps));
      statement.executeUpdate();
    }
  }
}
