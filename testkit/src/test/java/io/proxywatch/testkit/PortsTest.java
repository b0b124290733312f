package io.proxywatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {
  @Test
  void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
    int ephemeralLow = Ports.ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int port = Ports.free();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      assertThat(port).isBetween(Ports.LOW, ephemeralLow - 1);
    }
    int port = Ports.free();
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aListeningPortIsNotBindable() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(Ports.bindable(socket.getLocalPort())).isFalse();
    }
  }

  @Test
  void readsTheKernelRangeAndFallsBackWhenItIsUnusable(@TempDir Path dir) throws Exception {
    Path range = dir.resolve("range");
    Files.writeString(range, "40000\t60999\n");
    assertThat(Ports.ephemeralLow(range)).isEqualTo(40000);
    Files.writeString(range, "1024 65535\n");
    assertThat(Ports.ephemeralLow(range)).isEqualTo(32768);
    Files.writeString(range, "garbage");
    assertThat(Ports.ephemeralLow(range)).isEqualTo(32768);
    assertThat(Ports.ephemeralLow(dir.resolve("missing"))).isEqualTo(32768);
  }
}
