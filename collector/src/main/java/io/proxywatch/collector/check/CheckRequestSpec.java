package io.proxywatch.collector.check;

import io.proxywatch.common.Identifiers;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ProbeSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What to check: a module, optionally one version, through some proxies (none: each agent's own). A version adds
 * its .info, .mod and .zip to the module's @v/list and @latest.
 */
public record CheckRequestSpec(String module, String version, List<String> proxies) {
  public static final int MAX_PROXIES = 8;

  public CheckRequestSpec {
    if (module == null || module.isEmpty()) throw new IllegalArgumentException("module: expected a module path, got \"\"");
    try {
      Identifiers.checkModulePath(module);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("module: " + e.getMessage());
    }
    version = version == null ? "" : version;
    if (!version.isEmpty()) {
      try {
        Identifiers.checkVersion(version);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("version: " + e.getMessage());
      }
    }
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
    if (proxies.size() > MAX_PROXIES) throw new IllegalArgumentException("proxies: expected at most " + MAX_PROXIES);
    for (String p : proxies) {
      if (!validProxy(p)) throw new IllegalArgumentException("proxies: expected http(s) URLs without query or credentials, got \""
          + (p.length() > 80 ? p.substring(0, 80) + "..." : p) + "\"");
    }
  }

  private static boolean validProxy(String p) {
    if (p == null || p.isEmpty() || p.length() > 1024) return false;
    try {
      URI uri = new URI(p);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** The probes every agent runs: per proxy, list and latest, and the version's info, mod and zip. */
  public List<ProbeSpec> probes() {
    List<ProbeSpec> probes = new ArrayList<>();
    for (String proxy : proxies.isEmpty() ? List.of("") : proxies) {
      probes.add(probe(proxy, "", EndpointKind.ENDPOINT_KIND_LIST));
      probes.add(probe(proxy, "", EndpointKind.ENDPOINT_KIND_LATEST));
      if (version.isEmpty()) continue;
      probes.add(probe(proxy, version, EndpointKind.ENDPOINT_KIND_INFO));
      probes.add(probe(proxy, version, EndpointKind.ENDPOINT_KIND_MOD));
      probes.add(probe(proxy, version, EndpointKind.ENDPOINT_KIND_ZIP));
    }
    return probes;
  }

  private ProbeSpec probe(String proxy, String v, EndpointKind kind) {
    return ProbeSpec.newBuilder().setProxy(proxy).setModule(module).setVersion(v).setEndpoint(kind)
        .setIntervalMicros(1_000_000).build();
  }
}
