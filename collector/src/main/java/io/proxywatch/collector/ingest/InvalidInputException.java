package io.proxywatch.collector.ingest;

/** A message from an agent broke the contract; the text names the field and the bad value. */
final class InvalidInputException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidInputException(String message) {
    super(message, null, false, false);
  }
}
