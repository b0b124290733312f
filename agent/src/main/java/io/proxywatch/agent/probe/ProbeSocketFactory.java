package io.proxywatch.agent.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.function.UnaryOperator;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * The sockets of one probe. What OkHttp does not do by itself:
 *
 * <ul>
 *   <li>TCP_NODELAY, as curl and Go's net package set it. Java's default (Nagle on) holds a small write
 *       back until the previous one is acknowledged; against a peer that delays its ACKs (Linux: up to
 *       40 ms) that adds tens of milliseconds to a TLS handshake or a request that no real client sees.
 *   <li>The moment the TCP connect completes. OkHttp races connects on background threads (fast fallback)
 *       and reports the winner to the call thread later; timing the socket itself is what curl's
 *       time_connect measures. The first socket to connect is the one OkHttp uses.
 *   <li>The port of a {@code --connect-to} pin ({@link HostPin#redirect}): OkHttp's Dns can change the
 *       address but not the port, so the socket connects to the pinned port itself, within the timed connect.
 *   <li>The first decrypted response bytes of a TLS connection made over it ({@link #overTls}).
 *   <li>The {@code --ip-family}: an address of the other family (a literal in the URL, which OkHttp does not
 *       resolve) is refused before any packet is sent.
 * </ul>
 */
final class ProbeSocketFactory extends SocketFactory {
  private final Runnable onConnected;
  private final Runnable onTlsBytes;
  private final UnaryOperator<InetSocketAddress> remap;
  private final IpFamily family;

  ProbeSocketFactory(Runnable onConnected, Runnable onTlsBytes, UnaryOperator<InetSocketAddress> remap, IpFamily family) {
    this.onConnected = onConnected;
    this.onTlsBytes = onTlsBytes;
    this.remap = remap;
    this.family = family;
  }

  @Override
  public Socket createSocket() throws IOException {
    Socket socket = new TimedSocket();
    socket.setTcpNoDelay(true);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) {
    throw new UnsupportedOperationException("OkHttp only asks for unconnected sockets");
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    throw new UnsupportedOperationException("OkHttp only asks for unconnected sockets");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException("OkHttp only asks for unconnected sockets");
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
    throw new UnsupportedOperationException("OkHttp only asks for unconnected sockets");
  }

  /**
   * The TLS socket over one of this factory's sockets, for a fresh connection (never for a pooled one, which a later
   * probe would read): it reports its first decrypted bytes ({@link FirstByteTlsSocket}).
   */
  static Socket overTls(Socket raw, Socket tls) {
    return raw instanceof TimedSocket timed && tls instanceof SSLSocket ssl ? new FirstByteTlsSocket(ssl, timed.onTlsBytes())
        : tls;
  }

  private final class TimedSocket extends Socket {
    Runnable onTlsBytes() {
      return onTlsBytes;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      SocketAddress target = endpoint instanceof InetSocketAddress a ? remap.apply(a) : endpoint;
      if (target instanceof InetSocketAddress a && a.getAddress() != null && !family.allows(a.getAddress())) {
        throw new ConnectException(family.refusal(a.getAddress().getHostAddress()));
      }
      super.connect(target, timeout);
      onConnected.run();
    }
  }
}
