package io.proxywatch.agent.probe;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Streams a response body through SHA-256 (and a {@link BodyReader}) without keeping it, stopping past a size cap. */
final class BodyDigest {
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
    byte[] chunk = new byte[8192];
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
