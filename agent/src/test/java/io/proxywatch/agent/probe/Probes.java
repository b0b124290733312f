package io.proxywatch.agent.probe;

import java.time.Duration;

/** Probers and targets for tests. */
final class Probes {
  static final ModuleVersion HELLO = ModuleVersion.parse("example.com/hello@v1.0.0");

  private Probes() {}

  static ProbeSettings settings(Duration timeout, long maxBody, TrustMaterial trust) {
    return new ProbeSettings(timeout, maxBody, false, 4, trust, "proxywatch-agent/test");
  }

  static Prober prober() {
    return new Prober(settings(Duration.ofSeconds(5), 1 << 20, TrustMaterial.system()), System::nanoTime);
  }

  static ProbeTarget target(String base, Endpoint endpoint) {
    return new ProbeTarget(base, HELLO.path(), endpoint.perVersion() ? HELLO.version() : "", endpoint);
  }
}
