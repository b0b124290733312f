package io.proxywatch.collector.storage;

import io.proxywatch.proto.v1.Sample;
import java.util.List;

/**
 * One batch's probe samples as binary COPY rows, encoded on the thread that submitted the batch (a gRPC thread)
 * so the writer thread only copies bytes. Row i is {@code [start(i), end(i))}; a record (verification, tree head)
 * has an empty row, since it is stored in its own table.
 */
final class EncodedRows {
  private static final int ROW_BYTES_GUESS = 400;

  private final byte[] bytes;
  private final int[] ends;

  private EncodedRows(byte[] bytes, int[] ends) {
    this.bytes = bytes;
    this.ends = ends;
  }

  static EncodedRows of(List<Sample> samples) {
    CopyBuffer out = new CopyBuffer(samples.size() * ROW_BYTES_GUESS);
    int[] ends = new int[samples.size()];
    for (int i = 0; i < ends.length; i++) {
      Sample sample = samples.get(i);
      if (!VerificationRows.isRecord(sample)) BinarySampleRows.append(out, sample);
      ends[i] = out.length();
    }
    return new EncodedRows(out.array(), ends);
  }

  byte[] bytes() {
    return bytes;
  }

  int start(int row) {
    return row == 0 ? 0 : ends[row - 1];
  }

  int end(int row) {
    return ends[row];
  }
}
