package io.proxywatch.sumdb;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A SHA-256 hash in the checksum database's Merkle tree, with RFC 6962 leaf and node hashing (as
 * golang.org/x/mod/sumdb/tlog): a record hashes as SHA-256(0x00 || record), a node as SHA-256(0x01 || l || r).
 */
public final class Hash {
  public static final int SIZE = 32;
  /** The hash of the empty tree, as tlog defines it: all zeros. */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies exactly 32 bytes. */
  public static Hash of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash has " + SIZE + " bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  static Hash of(byte[] data, int offset) {
    return new Hash(Arrays.copyOfRange(data, offset, offset + SIZE));
  }

  /** Parses standard base64 of 32 bytes (the form in tree notes). */
  public static Hash parse(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  public static Hash record(byte[] data) {
    MessageDigest sha = sha256();
    sha.update((byte) 0);
    return new Hash(sha.digest(data));
  }

  public static Hash node(Hash left, Hash right) {
    MessageDigest sha = sha256();
    sha.update((byte) 1);
    sha.update(left.bytes);
    return new Hash(sha.digest(right.bytes));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && MessageDigest.isEqual(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Standard base64, as in tree notes. */
  @Override
  public String toString() {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
