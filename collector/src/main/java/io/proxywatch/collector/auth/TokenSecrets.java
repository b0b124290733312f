package io.proxywatch.collector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Token generation and hashing: 256 random bits, stored only as SHA-256. */
public final class TokenSecrets {
  private static final SecureRandom random = new SecureRandom();

  private TokenSecrets() {}

  /** A new token: a prefix that says what it is for ("pwa" agent, "pwr" read, "pwk" admin), then 43 characters. */
  public static String generate(String prefix) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Tokens made elsewhere must be as hard to guess as ours: 32+ printable characters without spaces. */
  public static void requireStrong(String token) {
    if (token == null || token.length() < 32 || token.length() > 256 || !token.matches("[\\x21-\\x7E]+")) {
      throw new IllegalArgumentException("token: expected 32-256 printable characters without spaces"
          + " (e.g. openssl rand -base64 32), got " + (token == null ? 0 : token.length()) + " characters");
    }
  }

  /** The token of an "Authorization: Bearer TOKEN" value; empty string when it is not one. */
  public static String bearer(String header) {
    if (header == null || header.length() > 512 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return "";
    return header.substring(7).trim();
  }
}
