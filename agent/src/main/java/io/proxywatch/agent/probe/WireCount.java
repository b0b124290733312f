package io.proxywatch.agent.probe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read from a response body as received, before any decoding. */
final class WireCount extends FilterInputStream {
  private long bytes;

  WireCount(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) bytes++;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) bytes += n;
    return n;
  }

  long bytes() {
    return bytes;
  }
}
