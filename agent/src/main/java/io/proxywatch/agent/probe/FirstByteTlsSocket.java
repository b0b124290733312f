package io.proxywatch.agent.probe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A probe's TLS socket, which tells its probe the moment a read first returns decrypted bytes: the first response
 * byte as curl and Go's httptrace define it, taken on the thread that read it, before OkHttp parses the header
 * block (OkHttp's earliest event comes after that). Everything else is the wrapped socket's.
 */
final class FirstByteTlsSocket extends SSLSocket {
  private final SSLSocket tls;
  private final Runnable onBytes;
  private InputStream in;

  FirstByteTlsSocket(SSLSocket tls, Runnable onBytes) {
    this.tls = tls;
    this.onBytes = onBytes;
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (in == null) in = new Reads(tls.getInputStream());
    return in;
  }

  private final class Reads extends FilterInputStream {
    Reads(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) onBytes.run();
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) onBytes.run();
      return n;
    }
  }

  @Override public OutputStream getOutputStream() throws IOException { return tls.getOutputStream(); }
  @Override public String[] getSupportedCipherSuites() { return tls.getSupportedCipherSuites(); }
  @Override public String[] getEnabledCipherSuites() { return tls.getEnabledCipherSuites(); }
  @Override public void setEnabledCipherSuites(String[] suites) { tls.setEnabledCipherSuites(suites); }
  @Override public String[] getSupportedProtocols() { return tls.getSupportedProtocols(); }
  @Override public String[] getEnabledProtocols() { return tls.getEnabledProtocols(); }
  @Override public void setEnabledProtocols(String[] protocols) { tls.setEnabledProtocols(protocols); }
  @Override public SSLSession getSession() { return tls.getSession(); }
  @Override public SSLSession getHandshakeSession() { return tls.getHandshakeSession(); }
  @Override public void addHandshakeCompletedListener(HandshakeCompletedListener l) { tls.addHandshakeCompletedListener(l); }
  @Override public void removeHandshakeCompletedListener(HandshakeCompletedListener l) { tls.removeHandshakeCompletedListener(l); }
  @Override public void startHandshake() throws IOException { tls.startHandshake(); }
  @Override public void setUseClientMode(boolean mode) { tls.setUseClientMode(mode); }
  @Override public boolean getUseClientMode() { return tls.getUseClientMode(); }
  @Override public void setNeedClientAuth(boolean need) { tls.setNeedClientAuth(need); }
  @Override public boolean getNeedClientAuth() { return tls.getNeedClientAuth(); }
  @Override public void setWantClientAuth(boolean want) { tls.setWantClientAuth(want); }
  @Override public boolean getWantClientAuth() { return tls.getWantClientAuth(); }
  @Override public void setEnableSessionCreation(boolean flag) { tls.setEnableSessionCreation(flag); }
  @Override public boolean getEnableSessionCreation() { return tls.getEnableSessionCreation(); }
  @Override public SSLParameters getSSLParameters() { return tls.getSSLParameters(); }
  @Override public void setSSLParameters(SSLParameters params) { tls.setSSLParameters(params); }
  @Override public String getApplicationProtocol() { return tls.getApplicationProtocol(); }
  @Override public String getHandshakeApplicationProtocol() { return tls.getHandshakeApplicationProtocol(); }
  @Override public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> s) {
    tls.setHandshakeApplicationProtocolSelector(s);
  }
  @Override public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
    return tls.getHandshakeApplicationProtocolSelector();
  }

  @Override public void connect(SocketAddress endpoint, int timeout) throws IOException { tls.connect(endpoint, timeout); }
  @Override public void connect(SocketAddress endpoint) throws IOException { tls.connect(endpoint); }
  @Override public void bind(SocketAddress local) throws IOException { tls.bind(local); }
  @Override public InetAddress getInetAddress() { return tls.getInetAddress(); }
  @Override public InetAddress getLocalAddress() { return tls.getLocalAddress(); }
  @Override public int getPort() { return tls.getPort(); }
  @Override public int getLocalPort() { return tls.getLocalPort(); }
  @Override public SocketAddress getRemoteSocketAddress() { return tls.getRemoteSocketAddress(); }
  @Override public SocketAddress getLocalSocketAddress() { return tls.getLocalSocketAddress(); }
  @Override public SocketChannel getChannel() { return tls.getChannel(); }
  @Override public void setTcpNoDelay(boolean on) throws SocketException { tls.setTcpNoDelay(on); }
  @Override public boolean getTcpNoDelay() throws SocketException { return tls.getTcpNoDelay(); }
  @Override public void setSoLinger(boolean on, int linger) throws SocketException { tls.setSoLinger(on, linger); }
  @Override public int getSoLinger() throws SocketException { return tls.getSoLinger(); }
  @Override public void sendUrgentData(int data) throws IOException { tls.sendUrgentData(data); }
  @Override public void setOOBInline(boolean on) throws SocketException { tls.setOOBInline(on); }
  @Override public boolean getOOBInline() throws SocketException { return tls.getOOBInline(); }
  @Override public void setSoTimeout(int timeout) throws SocketException { tls.setSoTimeout(timeout); }
  @Override public int getSoTimeout() throws SocketException { return tls.getSoTimeout(); }
  @Override public void setSendBufferSize(int size) throws SocketException { tls.setSendBufferSize(size); }
  @Override public int getSendBufferSize() throws SocketException { return tls.getSendBufferSize(); }
  @Override public void setReceiveBufferSize(int size) throws SocketException { tls.setReceiveBufferSize(size); }
  @Override public int getReceiveBufferSize() throws SocketException { return tls.getReceiveBufferSize(); }
  @Override public void setKeepAlive(boolean on) throws SocketException { tls.setKeepAlive(on); }
  @Override public boolean getKeepAlive() throws SocketException { return tls.getKeepAlive(); }
  @Override public void setTrafficClass(int tc) throws SocketException { tls.setTrafficClass(tc); }
  @Override public int getTrafficClass() throws SocketException { return tls.getTrafficClass(); }
  @Override public void setReuseAddress(boolean on) throws SocketException { tls.setReuseAddress(on); }
  @Override public boolean getReuseAddress() throws SocketException { return tls.getReuseAddress(); }
  @Override public void close() throws IOException { tls.close(); }
  @Override public void shutdownInput() throws IOException { tls.shutdownInput(); }
  @Override public void shutdownOutput() throws IOException { tls.shutdownOutput(); }
  @Override public boolean isConnected() { return tls.isConnected(); }
  @Override public boolean isBound() { return tls.isBound(); }
  @Override public boolean isClosed() { return tls.isClosed(); }
  @Override public boolean isInputShutdown() { return tls.isInputShutdown(); }
  @Override public boolean isOutputShutdown() { return tls.isOutputShutdown(); }
  @Override public <T> Socket setOption(SocketOption<T> name, T value) throws IOException { return tls.setOption(name, value); }
  @Override public <T> T getOption(SocketOption<T> name) throws IOException { return tls.getOption(name); }
  @Override public Set<SocketOption<?>> supportedOptions() { return tls.supportedOptions(); }
  @Override public String toString() { return tls.toString(); }
}
