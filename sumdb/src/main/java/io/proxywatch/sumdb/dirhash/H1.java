package io.proxywatch.sumdb.dirhash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * dirhash.Hash1, the "h1:" hash go.sum records: for each file, sorted by name, the line
 * {@code hex(sha256(content)) + "  " + name + "\n"}; h1 is "h1:" + base64(sha256(those lines)).
 */
public final class H1 {
  private H1() {}

  /** The h1 of a go.mod file: Hash1 over the single name "go.mod" (the {@code M V/go.mod} line of go.sum). */
  public static String goMod(byte[] content) {
    return of(Map.of("go.mod", sha256(content)));
  }

  /** Hash1 over file names and the SHA-256 of each file's content. Names must not contain a newline. */
  public static String of(Map<String, byte[]> sha256ByName) {
    MessageDigest summary = digest();
    // Go sorts names by their UTF-8 bytes, which differs from Java's UTF-16 order beyond the BMP
    TreeMap<String, byte[]> sorted = new TreeMap<>(
        Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    sorted.putAll(sha256ByName);
    for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
      if (e.getKey().contains("\n")) {
        throw new IllegalArgumentException("dirhash: file names with newlines are not supported: " + e.getKey());
      }
      summary.update((HexFormat.of().formatHex(e.getValue()) + "  " + e.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return "h1:" + Base64.getEncoder().encodeToString(summary.digest());
  }

  static byte[] sha256(byte[] content) {
    return digest().digest(content);
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

}
