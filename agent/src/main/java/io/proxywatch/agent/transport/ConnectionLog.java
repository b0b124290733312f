package io.proxywatch.agent.transport;

import io.grpc.Status;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the transport says about its connection, one line per change rather than one per attempt. A
 * refusal (bad token, or a token enrolled for another agent) and a failed TLS handshake need a human:
 * they are logged at ERROR once per streak. Other failures get one INFO line per outage, then DEBUG.
 */
final class ConnectionLog {
  private static final Logger logger = LoggerFactory.getLogger(CollectorClient.class);

  /** Why a stream ended, as far as what to do next is concerned. */
  enum Failure { REFUSED, TLS, OTHER }

  private final String target;
  private Failure streak;

  ConnectionLog(String target) {
    this.target = target;
  }

  static Failure classify(Status status) {
    if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
      return Failure.REFUSED;
    }
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) return Failure.TLS;
    }
    return Failure.OTHER;
  }

  void ended(boolean wasWelcomed, Status status, Failure failure, Duration delay) {
    String why = CollectorClient.describe(status);
    if (failure == Failure.REFUSED && streak != Failure.REFUSED) {
      logger.error("collector {} refused this agent: {}. Check the agent token (--token-file, --token) and what "
          + "it is enrolled for; retrying at most every {} s, probing and spooling meanwhile", target, why,
          ReconnectBackoff.REFUSED_CAP.toSeconds());
    } else if (failure == Failure.TLS && streak != Failure.TLS) {
      logger.error("TLS with collector {} failed: {}. Check --collector-ca and the collector's certificate and "
          + "host name; retrying, probing and spooling meanwhile", target, why);
    } else if (wasWelcomed) {
      logger.info("disconnected from collector {}: {}; reconnecting in {} ms", target, why, delay.toMillis());
    } else if (streak == null) {
      logger.info("cannot reach collector {}: {}; retrying in {} ms (repeats at DEBUG until connected)", target,
          why, delay.toMillis());
    } else {
      logger.debug("collector {} still unreachable: {}; retrying in {} ms", target, why, delay.toMillis());
    }
    streak = failure;
  }

  void welcomed() {
    if (streak == Failure.REFUSED || streak == Failure.TLS) {
      logger.info("collector {} accepts this agent again", target);
    }
    streak = null;
  }
}
