package io.proxywatch.collector.watch;

import io.proxywatch.collector.gomod.SemVer;
import io.proxywatch.proto.EndpointKinds;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.HostPin;
import io.proxywatch.proto.v1.ProbeSpec;
import io.proxywatch.proto.v1.TargetSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Expands watches into what each region probes: every selected version's per-version endpoints and every module's
 * @v/list and @latest, through every named proxy ("" for each agent's own). A target named by several watches is
 * probed at the shortest of their cadences. A release still propagating (younger than the fast window and not yet
 * seen everywhere) is probed at the fast cadence: its .info, .mod, .zip and its module's list and latest.
 */
public final class TargetSetBuilder {
  public static final int MAX_TARGETS = 100_000;

  /** What the expansion reads: versions any region listed per (proxy, module), and releases by module. */
  public record Inputs(List<WatchStore.Stored> watches, Map<String, SortedSet<String>> listedByProxyModule,
                       Map<String, List<Release>> releasesByModule, Map<String, List<Pin>> pins, Instant now) {}

  private final Duration fastCadence;
  private final Duration fastWindow;
  private final String gosumdb;

  /** gosumdb: the collector's checksum database (GOSUMDB syntax), pushed with every set. */
  public TargetSetBuilder(Duration fastCadence, Duration fastWindow, String gosumdb) {
    this.fastCadence = fastCadence;
    this.fastWindow = fastWindow;
    this.gosumdb = java.util.Objects.requireNonNull(gosumdb, "gosumdb");
  }

  public static String key(String proxy, String module) {
    return proxy + " " + module;
  }

  /** The set for one region, without its version (the publisher numbers it). */
  public TargetSet build(String region, Inputs in) {
    Map<String, ProbeSpec> targets = new TreeMap<>();
    for (WatchStore.Stored stored : in.watches()) {
      Watch w = stored.watch();
      if (!w.probedFrom(region)) continue;
      for (String module : modules(w, in)) {
        for (String proxy : w.proxies().isEmpty() ? List.of("") : w.proxies()) {
          add(targets, w, proxy, module, versions(w, stored.createdAt(), proxy, module, in), in);
        }
      }
    }
    TargetSet.Builder set = TargetSet.newBuilder().setGosumdb(gosumdb);
    targets.values().stream().limit(MAX_TARGETS).forEach(set::addTargets);
    in.pins().getOrDefault(region, List.of()).forEach(p ->
        set.addPins(HostPin.newBuilder().setHostPort(p.hostPort()).setAddressPort(p.addressPort())));
    return set.build();
  }

  private static Set<String> modules(Watch w, Inputs in) {
    if (!w.prefix()) return Set.of(w.module());
    Set<String> modules = new TreeSet<>();
    in.releasesByModule().keySet().stream().filter(w::covers).forEach(modules::add);
    in.listedByProxyModule().keySet().stream().map(k -> k.substring(k.indexOf(' ') + 1)).filter(w::covers)
        .forEach(modules::add);
    return modules;
  }

  private static List<String> versions(Watch w, Instant createdAt, String proxy, String module, Inputs in) {
    SortedSet<String> known = new TreeSet<>(SemVer.ORDER.thenComparing(Comparator.naturalOrder()));
    known.addAll(in.listedByProxyModule().getOrDefault(key(proxy, module), new TreeSet<>()));
    List<Release> releases = in.releasesByModule().getOrDefault(module, List.of());
    if (w.versions() instanceof VersionSelector.Exact exact) return exact.versions();
    if (w.versions() instanceof VersionSelector.New) {
      return releases.stream().filter(r -> !r.indexTime().isBefore(createdAt)).map(Release::version).toList();
    }
    releases.forEach(r -> known.add(r.version()));
    List<String> all = new ArrayList<>(known);
    if (w.versions() instanceof VersionSelector.Latest latest) {
      return all.subList(Math.max(0, all.size() - latest.count()), all.size());
    }
    return all;
  }

  private void add(Map<String, ProbeSpec> targets, Watch w, String proxy, String module, List<String> versions, Inputs in) {
    boolean moduleFast = false;
    for (String version : versions) {
      boolean fast = propagating(module, version, in);
      moduleFast |= fast;
      for (EndpointKind kind : w.endpoints()) {
        if (EndpointKinds.perVersion(kind)) put(targets, proxy, module, version, kind, fast ? fastCadence : w.cadence().of(kind));
      }
    }
    for (EndpointKind kind : w.endpoints()) {
      if (!EndpointKinds.perVersion(kind)) put(targets, proxy, module, "", kind, moduleFast ? fastCadence : w.cadence().of(kind));
    }
  }

  private boolean propagating(String module, String version, Inputs in) {
    return in.releasesByModule().getOrDefault(module, List.of()).stream().anyMatch(r -> r.version().equals(version)
        && r.propagatedAt().isEmpty() && r.indexTime().plus(fastWindow).isAfter(in.now()));
  }

  private static void put(Map<String, ProbeSpec> targets, String proxy, String module, String version, EndpointKind kind,
                          Duration every) {
    String key = proxy + " " + module + "@" + version + " " + kind.getNumber();
    long micros = every.toNanos() / 1000;
    ProbeSpec existing = targets.get(key);
    if (existing != null && existing.getIntervalMicros() <= micros) return;
    targets.put(key, ProbeSpec.newBuilder().setProxy(proxy).setModule(module).setVersion(version).setEndpoint(kind)
        .setIntervalMicros(micros).build());
  }
}
