package io.proxywatch.collector.api;

/** A request the client must fix: answered 400 with the message (which names the parameter) as the error. */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String detail;

  BadRequestException(String error, String detail) {
    super(error, null, false, false);
    this.detail = detail;
  }

  String detail() {
    return detail;
  }
}
