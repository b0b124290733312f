package io.proxywatch.sumdb;

import java.util.Objects;

/**
 * What a checksum database says about one module version, after the record was proven (inclusion proof from
 * authenticated tiles) to be record {@code id} of the signed tree {@code head}.
 */
public record VerifiedLookup(String module, String version, long id, String zipH1, String modH1, SignedTreeHead head) {
  public VerifiedLookup {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(zipH1, "zipH1");
    Objects.requireNonNull(modH1, "modH1");
    Objects.requireNonNull(head, "head");
  }
}
