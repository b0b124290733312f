package io.proxywatch.sumdb;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A tree head whose note verified against the configured key. The note is kept whole as evidence: two heads
 * signed by one key that are not consistent prove a fork to anyone holding the key.
 */
public record SignedTreeHead(TreeHead tree, String note) {
  public SignedTreeHead {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(note, "note");
  }

  /** Verifies the signed note and parses its text as a tree head. */
  public static SignedTreeHead open(byte[] msg, VerifierKey key) throws SumDbException {
    SignedNote note = SignedNote.open(msg, key);
    return new SignedTreeHead(TreeHead.parse(note.text()), new String(msg, StandardCharsets.UTF_8));
  }

  public long size() {
    return tree.size();
  }

  public Hash hash() {
    return tree.hash();
  }
}
