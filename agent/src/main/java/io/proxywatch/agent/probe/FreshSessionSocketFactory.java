package io.proxywatch.agent.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that never resume a session: each one comes from a new TLS context ({@link TrustMaterial#newContext}),
 * whose session cache is empty, so its handshake is the full one a first-time client does. Set once on the shared
 * client, it spares each probe OkHttp's per-client TLS set-up, which indexes every trusted root certificate. Over a
 * probe's own socket, the TLS socket reports the first response bytes to the probe ({@link ProbeSocketFactory#overTls}).
 */
final class FreshSessionSocketFactory extends SSLSocketFactory {
  private final TrustMaterial trust;
  private final SSLSocketFactory template;

  FreshSessionSocketFactory(TrustMaterial trust) {
    this.trust = trust;
    this.template = trust.newContext().getSocketFactory();
  }

  private SSLSocketFactory fresh() {
    return trust.newContext().getSocketFactory();
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
    return ProbeSocketFactory.overTls(socket, fresh().createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket() throws IOException {
    return fresh().createSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return fresh().createSocket(host, port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return fresh().createSocket(host, port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return fresh().createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return fresh().createSocket(address, port, localAddress, localPort);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return template.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return template.getSupportedCipherSuites();
  }
}
