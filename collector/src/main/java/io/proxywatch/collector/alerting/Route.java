package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which events a channel gets and what it adds to them: each set matcher must match (an empty one matches anything;
 * {@code regions} matches when the event names any of them), {@code labels} are added to Alertmanager labels and
 * webhook payloads, {@code headers} to every request (values are credentials: never logged).
 */
record Route(String name, Set<EpisodeKind.Severity> severities, Set<EpisodeKind> kinds, Set<String> regions,
             String modulePrefix, Map<String, String> labels, Map<String, String> headers) {
  /** A channel from the command-line flags: everything, nothing added. */
  static final Route ALL = new Route("", Set.of(), Set.of(), Set.of(), "", Map.of(), Map.of());

  Route {
    Objects.requireNonNull(name, "name");
    severities = Set.copyOf(severities);
    kinds = Set.copyOf(kinds);
    regions = Set.copyOf(regions);
    modulePrefix = modulePrefix == null ? "" : modulePrefix;
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
  }

  boolean accepts(AlertEvent e) {
    return (severities.isEmpty() || severities.contains(e.severity()))
        && (kinds.isEmpty() || kinds.contains(e.kind()))
        && (regions.isEmpty() || e.regions().stream().anyMatch(regions::contains))
        && (modulePrefix.isEmpty() || e.module().startsWith(modulePrefix));
  }

  @Override
  public String toString() {
    return "Route[" + name + ": severity=" + severities + ", kind=" + kinds + ", region=" + regions + ", module_prefix="
        + modulePrefix + ", labels=" + labels + ", headers=" + headers.keySet() + " (values hidden)]";
  }
}
