package io.proxywatch.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for servers a test starts in another process (nginx, Alertmanager, a collector JVM), which
 * must be chosen before that process binds them.
 *
 * <p>The usual trick, bind port 0 and close, hands out a port from the kernel's ephemeral range, and that
 * range is exactly where the kernel picks the next bind(0) and the local port of every outgoing connection:
 * between our close and the child's bind, another bind(0) in this JVM got the same port back and a CI run
 * failed with "127.0.0.1:45467 is already in use" (nginx origin and edge given one port). So the ports come
 * from below the ephemeral range (net.ipv4.ip_local_port_range), which the kernel never hands out by itself,
 * are never handed out twice by this JVM, and are checked free on 127.0.0.1 before being returned.
 */
public final class Ports {
  /** Lowest port used: above the well-known and most registered service ports. */
  static final int LOW = 20000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** A loopback port nothing listens on, that no other call in this JVM returned. */
  public static int free() {
    int high = ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, high);
      if (GIVEN.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port in " + LOW + ".." + (high - 1) + " after 1000 tries");
  }

  /** The first port of the kernel's ephemeral range; 32768 when the range can't be read or leaves no room. */
  static int ephemeralLow(Path rangeFile) {
    try {
      String[] range = Files.readString(rangeFile).trim().split("\\s+");
      int low = Integer.parseInt(range[0]);
      return low >= LOW + 1000 ? low : 32768;
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // a port in TIME_WAIT is fine for a listener, as nginx binds it the same way
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
