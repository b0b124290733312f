package io.proxywatch.agent.metrics;

import java.util.Objects;

/** Where {@code /metrics} and {@code /healthz} listen: {@code --metrics-bind} and {@code --metrics-port} (0: any free port). */
public record MetricsAddress(String bind, int port) {
  public MetricsAddress {
    Objects.requireNonNull(bind, "bind");
  }

  @Override
  public String toString() {
    return (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
  }
}
