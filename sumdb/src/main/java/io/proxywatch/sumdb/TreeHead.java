package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.MALFORMED;

import java.util.Objects;

/**
 * The size and root hash of a checksum database tree, parsed from a verified note's text
 * {@code go.sum database tree\nN\nbase64(hash)\n} as tlog.ParseTree does (N canonical decimal, hash 32 bytes).
 */
public record TreeHead(long size, Hash hash) {
  private static final String PREFIX = "go.sum database tree\n";

  public TreeHead {
    Objects.requireNonNull(hash, "hash");
    if (size < 0) {
      throw new IllegalArgumentException("size: expected >= 0, got " + size);
    }
  }

  static TreeHead parse(String text) throws SumDbException {
    if (!text.startsWith(PREFIX) || text.chars().filter(c -> c == '\n').count() < 3) {
      throw new SumDbException(MALFORMED, "not a go.sum database tree note: \"" + Snippet.of(text) + "\"");
    }
    String[] lines = text.split("\n", 4);
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 0 || !lines[1].equals(Long.toString(size))) {
      throw new SumDbException(MALFORMED, "tree note: size is not a canonical number >= 0: \"" + Snippet.of(lines[1]) + "\"");
    }
    try {
      return new TreeHead(size, Hash.parse(lines[2]));
    } catch (IllegalArgumentException e) {
      throw new SumDbException(MALFORMED, "tree note: hash is not base64 of 32 bytes: \"" + Snippet.of(lines[2]) + "\"");
    }
  }

  /** The note text the database signs for this head. */
  public String text() {
    return PREFIX + size + "\n" + hash + "\n";
  }
}
