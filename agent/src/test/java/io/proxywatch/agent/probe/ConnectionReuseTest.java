package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Timings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionReuseTest {
  @Test
  void byDefault_everyProbeOpensAFreshConnection() throws Exception {
    try (var server = TestHttpServer.plain(head -> TestHttpServer.Reply.keepAlive("x"));
        var prober = Probes.prober()) {
      Timings first = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build().getTimings();
      Timings second = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build().getTimings();

      assertThat(server.connections()).isEqualTo(2);
      assertThat(first.hasConnectMicros()).isTrue();
      assertThat(second.hasConnectMicros()).isTrue();
    }
  }

  @Test
  void withKeepAlive_connectionsArePooled_andPhasesThatDidNotHappenAreAbsent() throws Exception {
    try (var server = TestHttpServer.plain(head -> TestHttpServer.Reply.keepAlive("x"));
        var prober = new Prober(new ProbeSettings(Duration.ofSeconds(5), 1 << 20, true, 2,
            TrustMaterial.system(), "t"), System::nanoTime)) {
      prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();
      Sample second = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(server.connections()).isEqualTo(1);
      assertThat(second.getTimings().hasConnectMicros()).isFalse();
      assertThat(second.getTimings().hasTtfbMicros()).isTrue();
      assertThat(second.getRemoteAddress()).startsWith("127.0.0.1:");
    }
  }
}
