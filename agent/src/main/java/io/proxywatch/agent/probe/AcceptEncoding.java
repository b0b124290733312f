package io.proxywatch.agent.probe;

import java.util.Locale;

/**
 * What a probe asks for in {@code Accept-Encoding}. GZIP is what Go's net/http transport sends when the caller sets
 * none (the go command sets none), and it decodes a gzip answer itself, as Go does, so the hash is always taken
 * over the content the go command sees. IDENTITY asks the proxy for the bytes as stored.
 */
public enum AcceptEncoding {
  IDENTITY,
  GZIP;

  /** {@code identity} or {@code gzip}; IllegalArgumentException "expected identity or gzip, got ..." otherwise. */
  public static AcceptEncoding parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "identity" -> IDENTITY;
      case "gzip" -> GZIP;
      default -> throw new IllegalArgumentException("expected identity or gzip, got \"" + text + "\"");
    };
  }

  /** The header value, which is also the option's spelling. */
  public String header() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a body sent with this Content-Encoding is decoded before hashing: only a gzip body the probe asked
   * for, compared without regard to case, as Go's transport does (anything else is hashed as received).
   */
  boolean decodes(String contentEncoding) {
    return this == GZIP && "gzip".equalsIgnoreCase(contentEncoding.trim());
  }
}
