package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes through a real forward proxy speaking CONNECT, chosen as HTTPS_PROXY and NO_PROXY say. */
class EgressProxyTest {
  static final String BOB = "Basic Ym9iOnMzY3IzdA=="; // bob:s3cr3t

  @TempDir
  Path dir;

  @Test
  void httpsGoesThroughTheProxy_withHonestPhases() throws Exception {
    TestCertificates certificates = TestCertificates.generate(dir, "proxy", "dns:goproxy.example.test");
    try (var origin = TestHttpServer.tls(certificates.serverContext(), head -> TestHttpServer.Reply.ok("v1.0.0\n"));
        ConnectProxy proxy = new ConnectProxy(BOB);
        Prober prober = prober(certificates, Map.of("HTTPS_PROXY", "http://bob:s3cr3t@127.0.0.1:" + proxy.port()))) {
      int originPort = BadNetworkTest.port(origin);
      Sample sample = prober.probe(Probes.target("https://goproxy.example.test:" + originPort, Endpoint.LIST)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getListedVersionsList()).containsExactly("v1.0.0");
      assertThat(proxy.heads.get(0)).startsWith("CONNECT goproxy.example.test:" + originPort + " HTTP/1.1\r\n")
          .contains("\r\nProxy-Authorization: " + BOB + "\r\n", "\r\nUser-Agent: test\r\n");
      assertThat(sample.getRemoteAddress()).as("the peer is the proxy").isEqualTo("127.0.0.1:" + proxy.port());
      var t = sample.getTimings();
      assertThat(t.getConnectMicros()).as("connect: to the proxy").isPositive();
      assertThat(t.getTlsMicros()).as("tls: with the origin through the tunnel").isGreaterThan(t.getConnectMicros());
      assertThat(t.getTtfbMicros()).isGreaterThan(t.getTlsMicros());
      assertThat(origin.requests().get(0)).doesNotContain("Proxy-Authorization");
    }
  }

  @Test
  void noProxy_bypassesTheProxy_andWrongCredentialsAreA407() throws Exception {
    TestCertificates certificates = TestCertificates.generate(dir, "proxy", "dns:goproxy.example.test");
    try (ConnectProxy proxy = new ConnectProxy(BOB);
        Prober bypass = prober(certificates, Map.of("HTTPS_PROXY", "127.0.0.1:" + proxy.port(),
            "NO_PROXY", "example.test"));
        Prober wrong = prober(certificates, Map.of("https_proxy", "http://bob:wrong@127.0.0.1:" + proxy.port()))) {
      Sample direct = bypass.probe(Probes.target("https://goproxy.example.test", Endpoint.LIST)).build();
      Sample refused = wrong.probe(Probes.target("https://goproxy.example.test", Endpoint.LIST)).build();

      assertThat(direct.getErrorClass()).as("resolved by the agent, not the proxy").isEqualTo(ErrorClass.ERROR_CLASS_DNS);
      assertThat(refused.getErrorClass()).isNotEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(refused.getErrorMessage()).doesNotContain("s3cr3t").doesNotContain("wrong");
      assertThat(proxy.heads).as("one CONNECT, from the wrong credentials; none bypassing").hasSize(1)
          .allMatch(h -> h.startsWith("CONNECT goproxy.example.test:443 "));
    }
  }

  @Test
  void proxyChoice_followsGoSemantics() {
    EgressProxy env = EgressProxy.of(null, null, Map.of("HTTP_PROXY", "http://h:1", "http_proxy", "http://lower:1",
        "HTTPS_PROXY", "http://s:2", "NO_PROXY", ".corp.example,10.1.2.3,host.example:8443"));
    assertThat(env.proxyFor(okhttp3.HttpUrl.get("http://a.example/")).address().toString()).isEqualTo("h/<unresolved>:1");
    assertThat(env.proxyFor(okhttp3.HttpUrl.get("https://a.example/")).address().toString()).isEqualTo("s/<unresolved>:2");
    for (String direct : new String[] {"https://x.corp.example/", "https://10.1.2.3/", "https://host.example:8443/",
        "https://localhost/", "https://127.0.0.1/", "https://[::1]/"}) {
      assertThat(env.proxyFor(okhttp3.HttpUrl.get(direct))).as(direct).isEqualTo(java.net.Proxy.NO_PROXY);
    }
    assertThat(env.proxyFor(okhttp3.HttpUrl.get("https://host.example/"))).isNotEqualTo(java.net.Proxy.NO_PROXY);
    assertThat(EgressProxy.of("http://u:p@e:3128", "*", Map.of("HTTPS_PROXY", "http://s:2")).toString())
        .isEqualTo("http://***@e:3128 no-proxy=*");
  }

  static Prober prober(TestCertificates certificates, Map<String, String> env) {
    return new Prober(new ProbeSettings(Duration.ofSeconds(5), 1 << 20, false, 2,
        TrustMaterial.withExtra(certificates.pem()), "test", AcceptEncoding.GZIP,
        new Reach(IpFamily.ANY, Dns.SYSTEM, EgressProxy.of(null, null, env), null)), System::nanoTime);
  }
}
