package io.proxywatch.agent.probe;

import java.security.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conscrypt (BoringSSL) for the probes' TLS handshakes when its native library loads on this platform; the
 * JDK's own provider otherwise, with its direct buffers pooled ({@link PooledDirectBuffers}). Only the probe client
 * uses it: the collector channel keeps gRPC's defaults.
 */
final class NativeTls {
  private static final Logger logger = LoggerFactory.getLogger(NativeTls.class);

  /** Null when Conscrypt is not available here. */
  static final Provider PROVIDER = load();

  private NativeTls() {}

  /** One INFO line whenever probes fall back to the JDK's TLS, saying why. */
  private static Provider load() {
    if (Boolean.getBoolean("proxywatch.jdkTls")) return fallBack("-Dproxywatch.jdkTls=true");
    try {
      if (!org.conscrypt.Conscrypt.isAvailable()) {
        return fallBack("no native library for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
      }
      org.conscrypt.Conscrypt.setDefaultBufferAllocator(new PooledDirectBuffers());
      return org.conscrypt.Conscrypt.newProvider();
    } catch (LinkageError | RuntimeException e) {
      return fallBack(e.toString());
    }
  }

  private static Provider fallBack(String reason) {
    logger.info("native TLS (Conscrypt) not used, probing with the JDK's TLS: {}", reason);
    return null;
  }
}
