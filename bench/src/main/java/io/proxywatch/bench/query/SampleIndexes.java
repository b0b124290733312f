package io.proxywatch.bench.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The secondary indexes of samples exactly as migrations/V1 defines them, to drop before a bulk load. */
final class SampleIndexes {
  private static final String[][] INDEXES = {
      {"samples_region_time_idx", "(region, time DESC)"},
      {"samples_module_time_idx", "(module, endpoint, time DESC)"},
      {"samples_url_time_idx", "(url, time DESC)"},
      {"samples_agent_seq_idx", "(agent_id, sequence)"},
  };

  private SampleIndexes() {}

  static void drop(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String[] index : INDEXES) s.execute("DROP INDEX IF EXISTS " + index[0]);
    }
  }

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      boolean created = false;
      for (String[] index : INDEXES) {
        if (exists(s, index[0])) continue;
        long started = System.nanoTime();
        s.execute("SET maintenance_work_mem = '512MB'");
        s.execute("CREATE INDEX " + index[0] + " ON samples " + index[1]);
        System.err.printf("index %s built in %.0f s%n", index[0], (System.nanoTime() - started) / 1e9);
        created = true;
      }
      if (created) s.execute("ANALYZE samples");
    }
  }

  private static boolean exists(Statement s, String index) throws SQLException {
    try (var rs = s.executeQuery("SELECT 1 FROM pg_indexes WHERE indexname = '" + index + "'")) {
      return rs.next();
    }
  }
}
