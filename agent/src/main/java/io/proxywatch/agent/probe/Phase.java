package io.proxywatch.agent.probe;

/** Where a probe is, so a failure or a timeout can say in which phase it happened. */
enum Phase {
  STARTING("before connecting"),
  DNS("resolving DNS"),
  CONNECT("connecting"),
  TLS("in TLS handshake"),
  SENDING("sending request"),
  FIRST_BYTE("waiting for first byte"),
  BODY("reading body");

  private final String description;

  Phase(String description) {
    this.description = description;
  }

  /** Words that complete "timeout after 5000 ms ...". */
  String description() {
    return description;
  }

  boolean beforeResponse() {
    return this != BODY;
  }
}
