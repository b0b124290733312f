package io.proxywatch.agent.probe;

import java.io.IOException;

/** The response body went past --max-body; the probe stops reading and records a PROTOCOL error. */
final class BodyTooLargeException extends IOException {
  BodyTooLargeException(long maxBytes) {
    super("body exceeds --max-body of " + maxBytes + " bytes");
  }
}
