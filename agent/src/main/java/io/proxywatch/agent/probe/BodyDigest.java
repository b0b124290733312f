package io.proxywatch.agent.probe;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Streams a response body through SHA-256 (and a {@link BodyReader}) without keeping it, stopping past a size cap. */
final class BodyDigest {
  /**
   * One read buffer per probe thread rather than 8 KB of garbage per probe: at the deployed -Xmx24m the young
   * collections are what a saturated agent waits for (JFR: 13% of the probe threads' allocation was this buffer).
   * No reader keeps it past {@link BodyReader#update}.
   */
  private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[8192]);

  private final MessageDigest sha256;
  private long bytes;

  BodyDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Reads {@code in} to the end, handing each chunk to {@code reader} too; throws BodyTooLargeException as
   * soon as more than {@code max} arrive.
   */
  void consume(InputStream in, long max, BodyReader reader) throws IOException {
    byte[] chunk = CHUNK.get();
    for (int n; (n = in.read(chunk)) != -1; ) {
      bytes += n;
      if (bytes > max) throw new BodyTooLargeException(max);
      sha256.update(chunk, 0, n);
      reader.update(chunk, 0, n);
    }
  }

  long bytes() {
    return bytes;
  }

  byte[] digest() {
    return sha256.digest();
  }
}
