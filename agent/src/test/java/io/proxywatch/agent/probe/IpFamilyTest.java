package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --ip-family against a real server on the IPv6 loopback address. */
class IpFamilyTest {
  HttpServer server;
  int port;

  @BeforeEach
  void startOnIpv6Loopback() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "v1.0.0\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anIpv6LoopbackProbe_connectsOverIpv6() {
    for (IpFamily family : List.of(IpFamily.V6, IpFamily.ANY)) {
      try (Prober prober = prober(family)) {
        Sample sample = prober.probe(Probes.target("http://[::1]:" + port, Endpoint.LIST)).build();

        assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
        assertThat(sample.getListedVersionsList()).containsExactly("v1.0.0");
        assertThat(sample.getRemoteAddress()).isEqualTo("[0:0:0:0:0:0:0:1]:" + port);
      }
    }
  }

  @Test
  void ipv4Only_refusesAnIpv6OnlyName_inTheDnsPhase() {
    try (Prober prober = prober(IpFamily.V4)) {
      prober.pins(List.of(HostPin.parse("v6only.test:80:[::1]:" + port)));
      Sample sample = prober.probe(Probes.target("http://v6only.test", Endpoint.LIST)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_DNS);
      assertThat(sample.getErrorMessage()).isEqualTo("no IPv4 address for v6only.test (--ip-family 4)");
      assertThat(sample.getTimings().hasConnectMicros()).isFalse();
    }
  }

  @Test
  void ipv4Only_refusesAnIpv6Literal_beforeConnecting() {
    try (Prober prober = prober(IpFamily.V4)) {
      Sample sample = prober.probe(Probes.target("http://[::1]:" + port, Endpoint.LIST)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_CONNECT);
      assertThat(sample.getErrorMessage()).endsWith(": no IPv4 address for 0:0:0:0:0:0:0:1 (--ip-family 4)");
      assertThat(sample.getHttpStatus()).isZero();
    }
  }

  @Test
  void ipv6Only_refusesAnIpv4OnlyName() {
    try (Prober prober = prober(IpFamily.V6)) {
      prober.pins(List.of(HostPin.parse("v4only.test:80:127.0.0.1:" + port)));
      Sample sample = prober.probe(Probes.target("http://v4only.test", Endpoint.LIST)).build();

      assertThat(sample.getErrorMessage()).isEqualTo("no IPv6 address for v4only.test (--ip-family 6)");
    }
  }

  static Prober prober(IpFamily family) {
    return new Prober(new ProbeSettings(Duration.ofSeconds(5), 1 << 20, false, 2, TrustMaterial.system(), "test",
        AcceptEncoding.GZIP, new Reach(family, Dns.SYSTEM, EgressProxy.NONE, null)), System::nanoTime);
  }
}
