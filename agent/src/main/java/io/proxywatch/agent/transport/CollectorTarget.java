package io.proxywatch.agent.transport;

import java.nio.file.Path;

/**
 * The collector's address and how to reach it.
 *
 * @param hostPort {@code host:port}
 * @param tls TLS (verifying the collector's certificate and host name) instead of plaintext
 * @param ca PEM certificates to trust instead of the system trust, or null
 * @param clientCert PEM certificate chain for mutual TLS, or null
 * @param clientKey PEM PKCS#8 private key of {@code clientCert}, or null
 */
public record CollectorTarget(String hostPort, boolean tls, Path ca, Path clientCert, Path clientKey) {
  /** A plaintext target, as tests and a collector on the same host use. */
  public static CollectorTarget plaintext(String hostPort) {
    return new CollectorTarget(hostPort, false, null, null, null);
  }

  /** The host part, without brackets around an IPv6 literal. */
  String host() {
    String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }
}
