package io.proxywatch.agent.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Dns;

/**
 * Connections to {@code host:port} go to {@code address:port} instead, like curl's {@code --connect-to}:
 * the URL, the Host header and the TLS server name stay the proxy's. As a {@link Dns} it resolves the
 * pinned address for the probe's host, so the DNS phase times that lookup; {@link #redirect} moves the
 * port when the socket connects. A record, so equal pins are the same connection-pool key.
 */
public record HostPin(String host, int port, String address, int addressPort) implements Dns {
  private static final String HOST = "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})";
  private static final Pattern PIN = Pattern.compile(HOST + ":" + HOST);
  private static final Pattern HOST_PORT = Pattern.compile(HOST);

  public HostPin {
    host = unbracket(host).toLowerCase(Locale.ROOT);
    address = unbracket(address);
  }

  /** Parses {@code HOST:PORT:ADDR:PORT}; IllegalArgumentException "expected HOST:PORT:ADDR:PORT, got ..." otherwise. */
  public static HostPin parse(String text) {
    Matcher m = PIN.matcher(text == null ? "" : text.trim());
    if (!m.matches() || !validPort(m.group(2)) || !validPort(m.group(4))) {
      throw new IllegalArgumentException("expected HOST:PORT:ADDR:PORT, got \"" + text + "\"");
    }
    return new HostPin(m.group(1), Integer.parseInt(m.group(2)), m.group(3), Integer.parseInt(m.group(4)));
  }

  /** A pushed pin ({@code HostPin} of the contract): {@code host:port} and {@code address:port}. */
  public static HostPin of(String hostPort, String addressPort) {
    Matcher from = HOST_PORT.matcher(hostPort);
    Matcher to = HOST_PORT.matcher(addressPort);
    if (!from.matches() || !to.matches() || !validPort(from.group(2)) || !validPort(to.group(2))) {
      throw new IllegalArgumentException("expected host:port and address:port, got \"" + hostPort + "\" -> \""
          + addressPort + "\"");
    }
    return new HostPin(from.group(1), Integer.parseInt(from.group(2)), to.group(1), Integer.parseInt(to.group(2)));
  }

  /** The key a URL's host and port are looked up by. */
  public String hostPort() {
    return key(host, port);
  }

  static String key(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    return List.of(InetAddress.getAllByName(address));
  }

  /** The address OkHttp chose (the pinned address, the URL's port) with the pinned port. */
  public InetSocketAddress redirect(InetSocketAddress chosen) {
    return new InetSocketAddress(chosen.getAddress(), addressPort);
  }

  @Override
  public String toString() {
    return bracket(host) + ":" + port + ":" + bracket(address) + ":" + addressPort;
  }

  private static boolean validPort(String digits) {
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65535;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String bracket(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
