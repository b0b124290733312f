package io.proxywatch.collector.storage;

/** The writer cannot take a batch now (queue full or shutting down); the sender should retry later. */
public final class WriterOverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WriterOverloadedException(String message) {
    super(message, null, false, false);
  }
}
