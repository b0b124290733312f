package io.proxywatch.agent.probe;

import io.proxywatch.testkit.TestCertificates;
import static io.proxywatch.agent.probe.TestHttpServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectToTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void aPinnedHost_isReachedAtThePinnedAddressAndPort_withTheUrlAndHostHeaderUnchanged() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.ok("{\"Version\":\"v1.0.0\"}"));
        var prober = Probes.prober()) {
      int port = BadNetworkTest.port(server);
      prober.pins(List.of(HostPin.parse("some.host.test:8443:127.0.0.1:" + port)));
      Sample sample = prober.probe(Probes.target("http://some.host.test:8443", Endpoint.INFO)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getHttpStatus()).isEqualTo(200);
      assertThat(sample.getRemoteAddress()).isEqualTo("127.0.0.1:" + port);
      assertThat(sample.getTarget().getUrl()).startsWith("http://some.host.test:8443/");
      assertThat(sample.getTimings().hasDnsMicros()).isTrue();
      assertThat(sample.getTimings().hasConnectMicros()).isTrue();
      assertThat(server.requests().get(0)).contains("\r\nHost: some.host.test:8443\r\n");
    }
  }

  @Test
  void tls_keepsTheProxysServerName() throws Exception {
    TestCertificates certificates = TestCertificates.generate(dir, "proxy", "dns:proxy.example.test");
    try (var server = TestHttpServer.tls(certificates.serverContext(), head -> Reply.ok("v1.0.0\n"));
        var prober = new Prober(Probes.settings(Duration.ofSeconds(5), 1 << 20,
            TrustMaterial.withExtra(certificates.pem())), System::nanoTime)) {
      prober.pins(List.of(HostPin.parse("proxy.example.test:443:127.0.0.1:" + BadNetworkTest.port(server))));
      Sample sample = prober.probe(Probes.target("https://proxy.example.test", Endpoint.LIST)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getListedVersionsList()).containsExactly("v1.0.0");
      assertThat(sample.getTimings().hasTlsMicros()).isTrue();
    }
  }

  @Test
  void theFirstPinForAHostWins_andOtherHostsAreNotPinned() throws Exception {
    try (var server = TestHttpServer.plain(head -> Reply.ok("x"));
        var prober = Probes.prober()) {
      int port = BadNetworkTest.port(server);
      prober.pins(List.of(HostPin.parse("a.test:80:127.0.0.1:" + port), HostPin.parse("a.test:80:127.0.0.1:1")));

      assertThat(prober.probe(Probes.target("http://a.test", Endpoint.MOD)).build().getHttpStatus()).isEqualTo(200);
      assertThat(prober.probe(Probes.target("http://b.invalid", Endpoint.MOD)).build().getErrorClass())
          .isEqualTo(ErrorClass.ERROR_CLASS_DNS);
    }
  }

  @Test
  void pins_areParsedLikeCurls() {
    assertThat(HostPin.parse("[::1]:443:[fe80::1]:8443"))
        .isEqualTo(new HostPin("::1", 443, "fe80::1", 8443));
    assertThat(HostPin.of("Proxy.Golang.org:443", "10.0.0.7:443").hostPort()).isEqualTo("proxy.golang.org:443");
    assertThatThrownBy(() -> HostPin.parse("a:1:b")).hasMessage("expected HOST:PORT:ADDR:PORT, got \"a:1:b\"");
    assertThatThrownBy(() -> HostPin.parse("a:70000:b:1")).hasMessage("expected HOST:PORT:ADDR:PORT, got \"a:70000:b:1\"");
    assertThatThrownBy(() -> HostPin.of("a", "b:1")).hasMessage("expected host:port and address:port, got \"a\" -> \"b:1\"");
  }
}
