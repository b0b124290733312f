package io.proxywatch.agent.probe;

import java.time.Duration;

/** Probers and targets for tests. */
final class Probes {
  static final ModuleVersion HELLO = ModuleVersion.parse("example.com/hello@v1.0.0");

  private Probes() {}

  static ProbeSettings settings(String base, Duration timeout, long maxBody, TrustMaterial trust) {
    return new ProbeSettings(base, timeout, maxBody, false, 4, trust, "proxywatch-agent/test");
  }

  static Prober prober(String base) {
    return new Prober(settings(base, Duration.ofSeconds(5), 1 << 20, TrustMaterial.system()), System::nanoTime);
  }

  static ProbeTarget target(Endpoint endpoint) {
    return new ProbeTarget(HELLO.path(), endpoint.perVersion() ? HELLO.version() : "", endpoint);
  }
}
