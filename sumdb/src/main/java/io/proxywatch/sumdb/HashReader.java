package io.proxywatch.sumdb;

import java.util.List;

/** Reads stored tree hashes by storage index ({@link StoredHashes#index}), in the order asked. */
@FunctionalInterface
public interface HashReader {
  List<Hash> readHashes(long[] indexes) throws SumDbException;
}
