package io.proxywatch.agent.probe;

import java.security.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conscrypt (BoringSSL) for the probes' TLS handshakes when its native library loads on this platform; the
 * JDK's own provider otherwise. Only the probe client uses it: the collector channel keeps gRPC's defaults.
 */
final class NativeTls {
  private static final Logger logger = LoggerFactory.getLogger(NativeTls.class);

  /** Null when Conscrypt is not available here. */
  static final Provider PROVIDER = load();

  private NativeTls() {}

  private static Provider load() {
    if (Boolean.getBoolean("proxywatch.jdkTls")) return null;
    try {
      if (!org.conscrypt.Conscrypt.isAvailable()) return null;
      return org.conscrypt.Conscrypt.newProvider();
    } catch (LinkageError | RuntimeException e) {
      logger.info("native TLS (Conscrypt) unavailable, probing with the JDK's TLS: {}", e.toString());
      return null;
    }
  }
}
