package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpClientsTest {
  @Test
  void addressLiterals_areOneRoute_namesMayResolveToSeveral() {
    assertThat(HttpClients.isAddressLiteral("127.0.0.1")).isTrue();
    assertThat(HttpClients.isAddressLiteral("::1")).isTrue();
    assertThat(HttpClients.isAddressLiteral("2001:db8::5")).isTrue();
    assertThat(HttpClients.isAddressLiteral("proxy.golang.org")).isFalse();
    assertThat(HttpClients.isAddressLiteral("1.2.3.4.example")).isFalse();
  }
}
