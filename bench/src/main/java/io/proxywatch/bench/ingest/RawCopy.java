package io.proxywatch.bench.ingest;

import io.proxywatch.bench.BenchDb;
import io.proxywatch.collector.storage.BinarySampleRows;
import io.proxywatch.collector.storage.CopyBuffer;
import io.proxywatch.collector.storage.SampleRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The baseline: the very rows a collector run stored (every agent's sequences 1..stored), built from the same
 * deterministic samples and written again with plain COPY into a fresh database with the same schema, 50,000 rows
 * per transaction, 1 MiB writes. In text or binary format, over one or more connections (agents split between them,
 * each connection on its own thread, which also builds and encodes its rows).
 */
final class RawCopy {
  static final int ROWS_PER_TRANSACTION = 50_000;
  static final int WRITE_BYTES = 1 << 20;

  enum Format { TEXT, BINARY }

  /** One way to write the rows: what its figures are called. */
  record Variant(Format format, int connections) {
    String label() {
      return format.name().toLowerCase(java.util.Locale.ROOT) + (connections == 1 ? "" : "_" + connections + "_connections");
    }
  }

  private final BenchDb db;

  RawCopy(BenchDb db) {
    this.db = db;
  }

  /** Rows per second. */
  double rowsPerSecond(long[] stored, long baseMicros, Variant variant) throws Exception {
    db.fresh("bench_copy");
    ExecutorService threads = Executors.newFixedThreadPool(variant.connections());
    try {
      long started = System.nanoTime();
      List<Future<Long>> parts = new ArrayList<>();
      for (int part = 0; part < variant.connections(); part++) {
        int first = part;
        parts.add(threads.submit(() -> copy(stored, baseMicros, variant, first)));
      }
      long rows = 0;
      for (Future<Long> part : parts) rows += part.get();
      return rows / ((System.nanoTime() - started) / 1e9);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Agents first, first + connections, ...: their rows over one connection. */
  private long copy(long[] stored, long baseMicros, Variant variant, int first) throws SQLException {
    try (Connection c = db.connect("bench_copy")) {
      c.setAutoCommit(false);
      Sink sink = variant.format() == Format.TEXT ? new TextSink(c) : new BinarySink(c);
      long rows = 0;
      for (int agent = first; agent < stored.length; agent += variant.connections()) {
        for (long seq = 1; seq <= stored[agent]; seq++) {
          sink.row(SimulatedAgent.sample(agent, seq, baseMicros));
          if (++rows % ROWS_PER_TRANSACTION == 0) sink.commit();
        }
      }
      sink.commit();
      return rows;
    }
  }

  private interface Sink {
    void row(io.proxywatch.proto.v1.Sample sample) throws SQLException;

    void commit() throws SQLException;
  }

  private static final class TextSink implements Sink {
    private final Connection c;
    private final StringBuilder buf = new StringBuilder(WRITE_BYTES * 2);
    private CopyIn copy;

    TextSink(Connection c) {
      this.c = c;
    }

    @Override
    public void row(io.proxywatch.proto.v1.Sample sample) throws SQLException {
      if (copy == null) copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SampleRows.COPY_SQL);
      SampleRows.append(buf, sample);
      if (buf.length() > WRITE_BYTES) SampleRows.send(copy, buf);
    }

    @Override
    public void commit() throws SQLException {
      if (copy == null) return;
      SampleRows.send(copy, buf);
      copy.endCopy();
      c.commit();
      copy = null;
    }
  }

  private static final class BinarySink implements Sink {
    private final Connection c;
    private final CopyBuffer buf = new CopyBuffer(WRITE_BYTES + 65_536);
    private CopyIn copy;

    BinarySink(Connection c) {
      this.c = c;
    }

    @Override
    public void row(io.proxywatch.proto.v1.Sample sample) throws SQLException {
      if (copy == null) {
        copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(BinarySampleRows.COPY_SQL);
        buf.header();
      }
      BinarySampleRows.append(buf, sample);
      if (buf.length() > WRITE_BYTES) send();
    }

    @Override
    public void commit() throws SQLException {
      if (copy == null) return;
      buf.trailer();
      send();
      copy.endCopy();
      c.commit();
      copy = null;
    }

    private void send() throws SQLException {
      copy.writeToCopy(buf.array(), 0, buf.length());
      buf.clear();
    }
  }
}
