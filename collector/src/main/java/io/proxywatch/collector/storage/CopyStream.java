package io.proxywatch.collector.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The rows of one transaction going into one binary COPY: opened at the first row, with rows that lie side by side
 * in one batch's bytes sent as one write. No other statement may run on the connection until {@link #finish()}.
 */
final class CopyStream implements AutoCloseable {
  private final Connection connection;
  private CopyIn copy;
  private byte[] pending;
  private int pendingStart;
  private int pendingEnd;

  CopyStream(Connection connection) {
    this.connection = connection;
  }

  void add(EncodedRows rows, int row) throws SQLException {
    if (pending == rows.bytes() && pendingEnd == rows.start(row)) {
      pendingEnd = rows.end(row);
      return;
    }
    flush();
    pending = rows.bytes();
    pendingStart = rows.start(row);
    pendingEnd = rows.end(row);
  }

  /** Ends the COPY, if one was opened; the number of rows the database took. */
  long finish() throws SQLException {
    flush();
    if (copy == null) return 0;
    CopyBuffer trailer = new CopyBuffer(2);
    trailer.trailer();
    copy.writeToCopy(trailer.array(), 0, trailer.length());
    return copy.endCopy();
  }

  private void flush() throws SQLException {
    if (pending != null && pendingEnd > pendingStart) {
      open();
      copy.writeToCopy(pending, pendingStart, pendingEnd - pendingStart);
    }
    pending = null;
  }

  private void open() throws SQLException {
    if (copy != null) return;
    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(BinarySampleRows.COPY_SQL);
    CopyBuffer header = new CopyBuffer(19);
    header.header();
    copy.writeToCopy(header.array(), 0, header.length());
  }

  /** Cancels a COPY left open by a failure, so the connection can roll back. */
  @Override
  public void close() throws SQLException {
    if (copy != null && copy.isActive()) copy.cancelCopy();
  }
}
