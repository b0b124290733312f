package io.proxywatch.collector.watch;

/** A change that the current watches do not allow (409 over REST): taking over a file watch, too many watches. */
public final class WatchConflictException extends RuntimeException {
  public WatchConflictException(String message) {
    super(message);
  }
}
