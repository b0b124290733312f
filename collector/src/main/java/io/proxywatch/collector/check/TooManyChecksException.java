package io.proxywatch.collector.check;

/** More checks are running than one collector hands out at once (429 over REST). */
public final class TooManyChecksException extends RuntimeException {
  public TooManyChecksException(String message) {
    super(message);
  }
}
