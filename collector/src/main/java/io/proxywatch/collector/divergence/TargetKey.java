package io.proxywatch.collector.divergence;

import io.proxywatch.proto.EndpointKinds;
import java.util.Comparator;

/**
 * What regions are compared on: the proxy, module, version and endpoint, not the literal URL, since each region
 * may reach the proxy under its own address. Divergence is judged per proxy across regions.
 */
record TargetKey(String proxy, String module, String version, String endpoint) implements Comparable<TargetKey> {
  private static final Comparator<TargetKey> ORDER = Comparator.comparing(TargetKey::proxy)
      .thenComparing(TargetKey::module).thenComparing(TargetKey::version).thenComparing(TargetKey::endpoint);

  /** .mod and .zip of a version must never change; list, info and latest may lag for a while. */
  boolean immutable() {
    return EndpointKinds.parse(endpoint).map(EndpointKinds::immutable).orElse(false);
  }

  @Override
  public int compareTo(TargetKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return module + (version.isEmpty() ? "" : "@" + version) + " " + endpoint + (proxy.isEmpty() ? "" : " via " + proxy);
  }
}
