package io.proxywatch.agent.probe;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One URL the agent probes: a proxy base URL, a module (and version, for per-version endpoints) and an
 * endpoint. Each target carries its own proxy: pushed targets name theirs, local ones use --proxy.
 * {@code proxyName} is the proxy as the collector's target set named it, reported in every sample so that regions
 * are compared per proxy: empty for the agent's own default proxy (local targets, and pushed ones that name none),
 * which each region may reach under its own address.
 */
public record ProbeTarget(String proxy, String module, String version, Endpoint endpoint, String proxyName) {
  public ProbeTarget {
    Objects.requireNonNull(proxy, "proxy");
    if (proxy.endsWith("/")) proxy = proxy.substring(0, proxy.length() - 1);
    Objects.requireNonNull(proxyName, "proxyName");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** A target of a proxy named by its URL. */
  public ProbeTarget(String proxy, String module, String version, Endpoint endpoint) {
    this(proxy, module, version, endpoint, proxy);
  }

  /** The same target through the agent's default proxy, reported under the empty name. */
  public ProbeTarget viaDefault(String defaultProxy) {
    return new ProbeTarget(defaultProxy, module, version, endpoint, "");
  }

  /**
   * Every target for these modules and endpoints through the agent's default proxy: per-version endpoints once
   * per module version, list and latest once per module path, in a stable order.
   */
  public static List<ProbeTarget> expand(String proxy, List<ModuleVersion> modules, List<Endpoint> endpoints) {
    Set<ProbeTarget> targets = new LinkedHashSet<>();
    for (ModuleVersion mv : modules) {
      for (Endpoint endpoint : endpoints) {
        targets.add(new ProbeTarget(proxy, mv.path(), endpoint.perVersion() ? mv.version() : "", endpoint, ""));
      }
    }
    return List.copyOf(targets);
  }

  /** The URL below the proxy, case-encoded, with {@code !} sent as {@code %21}. */
  public String url() {
    return proxy + "/" + ModulePaths.escapeForWire(module)
        + endpoint.suffix(ModulePaths.escapeForWire(version));
  }

  @Override
  public String toString() {
    return proxy + " " + module + (version.isEmpty() ? "" : "@" + version) + " " + endpoint.configName();
  }
}
