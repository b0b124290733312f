package io.proxywatch.collector.divergence;

import io.proxywatch.sumdb.SignedTreeHead;
import io.proxywatch.sumdb.SumDbException;

/** Proves the smaller of two signed heads a prefix of the larger, from tiles read at {@code source}; INCONSISTENT is a fork. */
@FunctionalInterface
public interface HeadConsistency {
  void check(SignedTreeHead a, SignedTreeHead b, String source) throws SumDbException;
}
