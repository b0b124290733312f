package io.proxywatch.agent.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Streams a response body through SHA-256, stopping past a size cap. It keeps the bytes only when asked to
 * ({@code keep}: a .mod, whose h1 needs them; .mod files are small and bounded by the cap).
 */
final class BodyDigest {
  private final MessageDigest sha256;
  private final ByteArrayOutputStream kept;
  private long bytes;

  BodyDigest(boolean keep) {
    kept = keep ? new ByteArrayOutputStream() : null;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Reads {@code in} to the end; throws BodyTooLargeException as soon as more than {@code max} arrive. */
  void consume(InputStream in, long max) throws IOException {
    byte[] chunk = new byte[8192];
    for (int n; (n = in.read(chunk)) != -1; ) {
      bytes += n;
      if (bytes > max) throw new BodyTooLargeException(max);
      sha256.update(chunk, 0, n);
      if (kept != null) kept.write(chunk, 0, n);
    }
  }

  long bytes() {
    return bytes;
  }

  /** The body read, when kept; null otherwise. */
  byte[] kept() {
    return kept == null ? null : kept.toByteArray();
  }

  byte[] digest() {
    return sha256.digest();
  }
}
