package io.proxywatch.sumdb;

/**
 * Where tlog stores each tree hash: level L's n-th hash is written right after level L+1's (2n+1)-th, so
 * all hashes of a tree of N records form one append-only sequence (tlog.StoredHashIndex and its inverse).
 */
public final class StoredHashes {
  private StoredHashes() {}

  /** The storage index of the n-th hash at the given level. */
  public static long index(int level, long n) {
    for (int l = level; l > 0; l--) {
      n = 2 * n + 1;
    }
    long i = 0;
    for (; n > 0; n >>= 1) {
      i += n;
    }
    return i + level;
  }

  /** The level and number of the hash at a storage index: {level, n}. */
  public static long[] split(long index) {
    long n = index / 2;
    long indexN = index(0, n);
    if (indexN > index) {
      throw new IllegalStateException("bad math in StoredHashes.split(" + index + ")");
    }
    while (true) {
      long x = indexN + 1 + Long.numberOfTrailingZeros(n + 1);
      if (x > index) {
        break;
      }
      n++;
      indexN = x;
    }
    int level = (int) (index - indexN);
    return new long[] {level, n >> level};
  }

  /** How many hashes a tree of n records stores. */
  public static long count(long n) {
    if (n == 0) {
      return 0;
    }
    long count = index(0, n - 1) + 1;
    for (long i = n - 1; (i & 1) != 0; i >>= 1) {
      count++;
    }
    return count;
  }
}
