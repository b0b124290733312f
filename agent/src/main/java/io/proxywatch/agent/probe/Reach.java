package io.proxywatch.agent.probe;

import java.util.Objects;
import okhttp3.Dns;

/**
 * How probes reach a proxy: the address family ({@code --ip-family}), the resolver ({@code --resolver}), the egress
 * proxy ({@code --egress-proxy}, HTTPS_PROXY, NO_PROXY), and the headers for private proxies
 * ({@code --proxy-auth-file}, or null).
 */
public record Reach(IpFamily family, Dns resolver, EgressProxy egress, GoproxyAuth auth) {
  /** Any family, the system's resolver, no egress proxy, no private-proxy headers. */
  public static final Reach DIRECT = new Reach(IpFamily.ANY, Dns.SYSTEM, EgressProxy.NONE, null);

  public Reach {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(egress, "egress");
  }
}
