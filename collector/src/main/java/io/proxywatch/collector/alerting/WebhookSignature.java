package io.proxywatch.collector.alerting;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures: {@code X-Proxywatch-Signature: v1=<hex HMAC-SHA256 of timestamp + "." + body>} with
 * {@code X-Proxywatch-Timestamp} in unix seconds. Receivers call {@link #verify}; the timestamp tolerance
 * stops a captured request from being replayed later.
 */
public final class WebhookSignature {
  public static final String TIMESTAMP_HEADER = "X-Proxywatch-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Proxywatch-Signature";
  public static final String DELIVERY_HEADER = "X-Proxywatch-Delivery";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private WebhookSignature() {}

  /** The header value for this timestamp and body. */
  public static String sign(String secret, String timestamp, String body) {
    return "v1=" + HexFormat.of().formatHex(hmac(secret, timestamp, body));
  }

  /** True when {@code header} holds a valid v1 signature and the timestamp is within 5 minutes of now. */
  public static boolean verify(String secret, String timestamp, String body, String header) {
    return verify(secret, timestamp, body, header, DEFAULT_TOLERANCE, Clock.systemUTC());
  }

  /** As {@link #verify(String, String, String, String)}; several comma-separated v1 values may be sent during a secret rotation. */
  public static boolean verify(String secret, String timestamp, String body, String header, Duration tolerance, Clock clock) {
    if (secret == null || secret.isEmpty() || timestamp == null || body == null || header == null || !fresh(timestamp, tolerance, clock)) return false;
    byte[] expected = hmac(secret, timestamp, body);
    boolean match = false;
    for (String part : header.split(",")) {
      String value = part.trim();
      if (value.startsWith("v1=")) match |= MessageDigest.isEqual(expected, parseHex(value.substring(3)));
    }
    return match;
  }

  private static boolean fresh(String timestamp, Duration tolerance, Clock clock) {
    try {
      long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp.trim());
      return Math.abs(age) <= tolerance.toSeconds();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static byte[] parseHex(String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static byte[] hmac(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
