package io.proxywatch.collector.divergence;

import io.proxywatch.proto.EndpointKinds;

/**
 * What regions are compared on: the module, version and endpoint, not the literal URL, since each region
 * may reach the proxy under its own address.
 */
record TargetKey(String module, String version, String endpoint) implements Comparable<TargetKey> {
  /** .mod and .zip of a version must never change; list, info and latest may lag for a while. */
  boolean immutable() {
    return EndpointKinds.parse(endpoint).map(EndpointKinds::immutable).orElse(false);
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
