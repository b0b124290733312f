package io.proxywatch.agent.verify;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.LongSupplier;

/**
 * A token bucket shared by everything verification downloads: at most {@code bytesPerSecond} on average, bursts
 * up to one second's worth. Readers block (sleep) until their bytes are paid for; 0 means no cap.
 */
final class Bandwidth {
  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  Bandwidth(long bytesPerSecond, LongSupplier nanoTime) {
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.last = nanoTime.getAsLong();
    this.tokens = bytesPerSecond;
  }

  /** Pays for {@code n} bytes already read, sleeping while the bucket is in debt. */
  void spend(long n) throws InterruptedIOException {
    long waitNanos = take(n);
    if (waitNanos <= 0) return;
    try {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while throttled");
    }
  }

  private synchronized long take(long n) {
    if (bytesPerSecond == 0) return 0;
    long now = nanoTime.getAsLong();
    tokens = Math.min(bytesPerSecond, tokens + (now - last) * (double) bytesPerSecond / 1e9);
    last = now;
    tokens -= n;
    return tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
  }

  InputStream throttle(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) spend(1);
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) spend(n);
        return n;
      }
    };
  }
}
