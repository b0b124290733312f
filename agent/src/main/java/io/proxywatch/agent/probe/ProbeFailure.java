package io.proxywatch.agent.probe;

import io.proxywatch.proto.v1.ErrorClass;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Maps why a probe failed, and in which phase, to the wire's error class and a short message. */
record ProbeFailure(ErrorClass errorClass, String message) {
  static final int MAX_MESSAGE = 1024;

  /**
   * @param deadlinePassed true when the probe's own deadline had passed when the failure surfaced, so a
   *     failure caused by OkHttp cancelling the call at the deadline reads as TIMEOUT, not as a reset.
   */
  static ProbeFailure of(Throwable e, Phase phase, boolean deadlinePassed, long timeoutMillis) {
    if (e instanceof BodyTooLargeException) return new ProbeFailure(ErrorClass.ERROR_CLASS_PROTOCOL, e.getMessage());
    if (deadlinePassed || has(e, InterruptedIOException.class)) {
      return new ProbeFailure(ErrorClass.ERROR_CLASS_TIMEOUT,
          "timeout after " + timeoutMillis + " ms " + phase.description());
    }
    return new ProbeFailure(classify(e, phase), describe(e));
  }

  private static ErrorClass classify(Throwable e, Phase phase) {
    if (has(e, UnknownHostException.class)) return ErrorClass.ERROR_CLASS_DNS;
    if (has(e, SSLException.class)) return ErrorClass.ERROR_CLASS_TLS;
    if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
      return ErrorClass.ERROR_CLASS_CONNECT;
    }
    if (phase == Phase.BODY) return ErrorClass.ERROR_CLASS_PROTOCOL;
    if (phase.compareTo(Phase.SENDING) < 0 || has(e, SocketException.class)) {
      return ErrorClass.ERROR_CLASS_CONNECT;
    }
    // Waiting for or reading the status line and headers: garbage, an empty reply, headers too large.
    return ErrorClass.ERROR_CLASS_HTTP;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return true;
    }
    return false;
  }

  /** The exception and its causes, one after the other, capped at {@value #MAX_MESSAGE} characters. */
  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < MAX_MESSAGE; t = t.getCause()) {
      if (out.length() > 0) out.append(": ");
      out.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
    }
    return cap(out.toString(), MAX_MESSAGE);
  }

  static String cap(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
