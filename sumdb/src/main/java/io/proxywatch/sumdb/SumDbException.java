package io.proxywatch.sumdb;

import java.util.Objects;

/**
 * Why something a checksum database served could not be verified. The reason is what the collector records as
 * "unverifiable (with why)"; the message names the offending part so a human can act on it.
 */
public final class SumDbException extends Exception {
  /** What went wrong, coarse enough to count and alert on. */
  public enum Reason {
    /** The bytes do not follow the format (note, tree, record, tile, lookup body). */
    MALFORMED,
    /** A body is larger than the limit for its kind. */
    TOO_LARGE,
    /** No signature by the configured key (signed by another key, or unsigned). */
    UNKNOWN_KEY,
    /** A signature by the configured key's name and hash does not verify. */
    BAD_SIGNATURE,
    /** Tiles or proofs disagree with a signed tree head: wrong tiles, a record not in the tree, or a fork. */
    INCONSISTENT,
    /** The database answered that it does not know this module version. */
    NOT_FOUND,
    /** The database could not be reached or answered with an error. */
    UNAVAILABLE
  }

  private final Reason reason;

  public SumDbException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public SumDbException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + super.getMessage();
  }
}
