package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** --resolver against a tiny DNS server on a loopback UDP port. */
class ResolverTest {
  @Test
  void namesAreResolvedByTheChosenServer_followingACname() throws Exception {
    try (TinyDns dns = new TinyDns(); var server = TestHttpServer.plain(head -> TestHttpServer.Reply.ok("v1.0.0\n"));
        Prober prober = prober(dns, IpFamily.ANY)) {
      int port = BadNetworkTest.port(server);
      Sample sample = prober.probe(Probes.target("http://goproxy.test:" + port, Endpoint.LIST)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getRemoteAddress()).isEqualTo("127.0.0.1:" + port);
      assertThat(sample.getTimings().hasDnsMicros()).isTrue();
      assertThat(dns.questions).containsExactly("goproxy.test A", "goproxy.test AAAA");
    }
  }

  @Test
  void anIpFamilyAsksOnlyForItsRecords_andAnUnknownNameIsADnsError() throws Exception {
    try (TinyDns dns = new TinyDns(); Prober prober = prober(dns, IpFamily.V4)) {
      Sample sample = prober.probe(Probes.target("http://unknown.test", Endpoint.LIST)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_DNS);
      assertThat(sample.getErrorMessage()).startsWith("unknown.test: no address from DNS server 127.0.0.1:");
      assertThat(dns.questions).containsExactly("unknown.test A");
    }
  }

  @Test
  void aSilentServer_failsTheLookupWithinItsTimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      UdpDns dns = new UdpDns((InetSocketAddress) silent.getLocalSocketAddress(), IpFamily.V4, Duration.ofMillis(300));
      long start = System.nanoTime();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> dns.lookup("goproxy.test"))
          .isInstanceOf(java.net.UnknownHostException.class).hasMessageContaining("no answer from DNS server");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  static Prober prober(TinyDns dns, IpFamily family) {
    UdpDns resolver = new UdpDns(dns.address(), family, Duration.ofSeconds(2));
    return new Prober(new ProbeSettings(Duration.ofSeconds(5), 1 << 20, false, 2, TrustMaterial.system(), "test",
        AcceptEncoding.GZIP, new Reach(family, resolver, EgressProxy.NONE, null)), System::nanoTime);
  }

  /**
   * Answers goproxy.test with a CNAME to edge.test and edge.test's A record 127.0.0.1 (no AAAA: an empty answer);
   * every other name with NXDOMAIN. Records each question as "name TYPE".
   */
  static final class TinyDns implements AutoCloseable {
    final List<String> questions = new CopyOnWriteArrayList<>();
    private final DatagramSocket socket;

    TinyDns() throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread thread = new Thread(this::serve, "tiny-dns");
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
      byte[] buffer = new byte[512];
      while (!socket.isClosed()) {
        try {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          socket.receive(packet);
          byte[] reply = answer(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
          socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private byte[] answer(ByteBuffer query) {
      int id = query.getShort(0) & 0xffff;
      StringBuilder name = new StringBuilder();
      int at = 12;
      for (int length; (length = query.get(at)) != 0; at += length + 1) {
        if (name.length() > 0) name.append('.');
        name.append(new String(query.array(), at + 1, length, java.nio.charset.StandardCharsets.US_ASCII));
      }
      int type = query.getShort(at + 1) & 0xffff;
      int questionEnd = at + 5;
      questions.add(name + (type == UdpDns.TYPE_A ? " A" : type == UdpDns.TYPE_AAAA ? " AAAA" : " " + type));
      boolean known = name.toString().equals("goproxy.test");
      ByteBuffer out = ByteBuffer.allocate(512);
      out.putShort((short) id).putShort((short) (known ? 0x8180 : 0x8183)).putShort((short) 1)
          .putShort((short) (known ? (type == UdpDns.TYPE_A ? 2 : 1) : 0)).putInt(0);
      out.put(query.array(), 12, questionEnd - 12);
      if (known) {
        // goproxy.test CNAME edge.test (owner: pointer to the question's name at offset 12)
        out.putShort((short) 0xc00c).putShort((short) 5).putShort((short) 1).putInt(60);
        byte[] edge = {4, 'e', 'd', 'g', 'e', 4, 't', 'e', 's', 't', 0};
        out.putShort((short) edge.length);
        int edgeOffset = out.position();
        out.put(edge);
        if (type == UdpDns.TYPE_A) {
          out.putShort((short) (0xc000 | edgeOffset)).putShort((short) 1).putShort((short) 1).putInt(60)
              .putShort((short) 4).put(new byte[] {127, 0, 0, 1});
        }
      }
      return java.util.Arrays.copyOf(out.array(), out.position());
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
