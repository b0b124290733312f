package io.proxywatch.collector.divergence;

import java.util.Set;

/**
 * What regions are compared on: the module, version and endpoint, not the literal URL, since each region
 * may reach the proxy under its own address.
 */
record TargetKey(String module, String version, String endpoint) implements Comparable<TargetKey> {
  private static final Set<String> IMMUTABLE = Set.of("mod", "zip");

  /** .mod and .zip of a version must never change; list, info and latest may lag for a while. */
  boolean immutable() {
    return IMMUTABLE.contains(endpoint);
  }

  @Override
  public int compareTo(TargetKey o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return module + (version.isEmpty() ? "" : "@" + version) + " " + endpoint;
  }
}
