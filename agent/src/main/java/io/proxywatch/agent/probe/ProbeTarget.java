package io.proxywatch.agent.probe;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One URL the agent probes: a module (and version, for per-version endpoints) and an endpoint. */
public record ProbeTarget(String module, String version, Endpoint endpoint) {
  public ProbeTarget {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /**
   * Every target for these modules and endpoints: per-version endpoints once per module version, list
   * and latest once per module path, in a stable order.
   */
  public static List<ProbeTarget> expand(List<ModuleVersion> modules, List<Endpoint> endpoints) {
    Set<ProbeTarget> targets = new LinkedHashSet<>();
    for (ModuleVersion mv : modules) {
      for (Endpoint endpoint : endpoints) {
        targets.add(new ProbeTarget(mv.path(), endpoint.perVersion() ? mv.version() : "", endpoint));
      }
    }
    return List.copyOf(targets);
  }

  /** The URL below {@code proxyBase}, case-encoded, with {@code !} sent as {@code %21}. */
  public String url(String proxyBase) {
    String base = proxyBase.endsWith("/") ? proxyBase.substring(0, proxyBase.length() - 1) : proxyBase;
    return base + "/" + ModulePaths.escapeForWire(module)
        + endpoint.suffix(ModulePaths.escapeForWire(version));
  }

  @Override
  public String toString() {
    return module + (version.isEmpty() ? "" : "@" + version) + " " + endpoint.configName();
  }
}
