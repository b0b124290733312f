package io.proxywatch.agent.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import okhttp3.Dns;

/**
 * Asks one DNS server ({@code --resolver ADDR[:PORT]}) over UDP instead of the system's resolver: an A and an AAAA
 * query (only the one the {@code --ip-family} needs), one attempt each within the timeout, answers taken from
 * the answer section (CNAMEs in it followed by taking every A/AAAA record). No cache, no search domains, no
 * hosts file: every probe asks the server, as a fresh client does. A literal address is returned as it is.
 */
public final class UdpDns implements Dns {
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|.*:.*");
  static final int TYPE_A = 1;
  static final int TYPE_AAAA = 28;

  private final InetSocketAddress server;
  private final IpFamily family;
  private final Duration timeout;

  public UdpDns(InetSocketAddress server, IpFamily family, Duration timeout) {
    this.server = server;
    this.family = family;
    this.timeout = timeout;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    if (LITERAL.matcher(hostname).matches()) return List.of(InetAddress.getByName(hostname));
    List<InetAddress> found = new ArrayList<>();
    if (family != IpFamily.V6) found.addAll(query(hostname, TYPE_A));
    if (family != IpFamily.V4) found.addAll(query(hostname, TYPE_AAAA));
    if (found.isEmpty()) throw new UnknownHostException(hostname + ": no address from DNS server " + where());
    return found;
  }

  private List<InetAddress> query(String hostname, int type) throws UnknownHostException {
    int id = ThreadLocalRandom.current().nextInt(0x10000);
    byte[] request = DnsMessage.query(id, hostname, type);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      socket.send(new DatagramPacket(request, request.length, server));
      DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
      do {
        socket.receive(reply); // a stray or spoofed datagram (other source or id) is skipped
      } while (!reply.getSocketAddress().equals(server) || !DnsMessage.answers(reply.getData(), id));
      return DnsMessage.addresses(reply.getData(), reply.getLength(), hostname, type);
    } catch (SocketTimeoutException e) {
      throw unknown(hostname + ": no answer from DNS server " + where() + " within " + timeout.toMillis() + " ms", e);
    } catch (IOException | RuntimeException e) {
      throw unknown(hostname + ": DNS server " + where() + ": " + e.getMessage(), e);
    }
  }

  private String where() {
    return ResponseRecorder.address(server);
  }

  private static UnknownHostException unknown(String message, Exception cause) {
    UnknownHostException e = new UnknownHostException(message);
    e.initCause(cause);
    return e;
  }
}
