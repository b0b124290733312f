package io.proxywatch.collector.ingest;

import io.proxywatch.proto.v1.TargetSet;

/**
 * Where a stream learns what its region probes (the watches' side implements it). A set of version 0 means the
 * collector manages no targets: the agent then probes only its own --module list.
 */
@FunctionalInterface
public interface TargetSource {
  TargetSource NONE = region -> TargetSet.getDefaultInstance();

  TargetSet current(String region);
}
