package io.proxywatch.sumdb;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A note verifier key {@code name+hash+base64(0x01 || ed25519 public key)}, checked as note.NewVerifier does:
 * the hash must be the first 4 bytes of SHA-256(name + "\n" + key data), the algorithm byte 1 (Ed25519).
 */
public final class VerifierKey {
  private static final byte ALG_ED25519 = 1;
  /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), followed by the 32 key bytes. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final String text;
  private final String name;
  private final int keyHash;
  private final PublicKey publicKey;

  private VerifierKey(String text, String name, int keyHash, PublicKey publicKey) {
    this.text = text;
    this.name = name;
    this.keyHash = keyHash;
    this.publicKey = publicKey;
  }

  /** Parses a verifier key; the message names the part that is wrong. */
  public static VerifierKey parse(String vkey) {
    Objects.requireNonNull(vkey, "vkey");
    String[] parts = vkey.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("verifier key \"" + vkey + "\": expected name+hash+key");
    }
    String name = parts[0];
    if (!NoteNames.valid(name)) {
      throw new IllegalArgumentException("verifier key \"" + vkey + "\": invalid name \"" + name + "\"");
    }
    if (!parts[1].matches("[0-9a-fA-F]{8}")) {
      throw new IllegalArgumentException("verifier key \"" + vkey + "\": hash must be 8 hex digits, got \"" + parts[1] + "\"");
    }
    int hash = Integer.parseUnsignedInt(parts[1], 16);
    byte[] key = decode(vkey, parts[2]);
    if (hash != keyHash(name, key)) {
      throw new IllegalArgumentException("verifier key \"" + vkey + "\": hash " + parts[1]
          + " does not match the key (expected " + String.format("%08x", keyHash(name, key)) + ")");
    }
    if (key[0] != ALG_ED25519) {
      throw new IllegalArgumentException("verifier key \"" + vkey + "\": unknown algorithm " + key[0] + " (only 1, Ed25519)");
    }
    if (key.length != 33) {
      throw new IllegalArgumentException("verifier key \"" + vkey + "\": an Ed25519 key has 32 bytes, got " + (key.length - 1));
    }
    return new VerifierKey(vkey, name, hash, publicKey(key));
  }

  private static byte[] decode(String vkey, String base64) {
    try {
      byte[] key = Base64.getDecoder().decode(base64);
      if (key.length > 0) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException("verifier key \"" + vkey + "\": key is not non-empty standard base64");
  }

  /** First 4 bytes, big-endian, of SHA-256(name + "\n" + keyData), keyData including the algorithm byte. */
  static int keyHash(String name, byte[] keyData) {
    var sha = Hash.sha256();
    sha.update((name + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] sum = sha.digest(keyData);
    return (sum[0] & 0xff) << 24 | (sum[1] & 0xff) << 16 | (sum[2] & 0xff) << 8 | (sum[3] & 0xff);
  }

  private static PublicKey publicKey(byte[] keyData) {
    byte[] der = new byte[X509_PREFIX.length + 32];
    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
    System.arraycopy(keyData, 1, der, X509_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public int keyHash() {
    return keyHash;
  }

  /** True when sig is a valid Ed25519 signature of message by this key. */
  boolean verify(byte[] message, byte[] sig) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false; // a signature of the wrong length or encoding is simply not valid
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifierKey k && text.equals(k.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The verifier key as parsed ({@code name+hash+key}); it is public, so it may be logged. */
  @Override
  public String toString() {
    return text;
  }
}
