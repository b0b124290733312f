package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.INCONSISTENT;

import java.util.ArrayList;
import java.util.List;

/**
 * Tree hashes and RFC 6962 proofs over stored hashes, as golang.org/x/mod/sumdb/tlog computes them: a record
 * proof shows record n is in the tree of size t, a tree proof that the tree of size n is a prefix of size t.
 * The check methods trust nothing but their arguments; a proof that does not check is an INCONSISTENT error.
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  /** The root hash of the first n records. */
  public static Hash treeHash(long n, HashReader reader) throws SumDbException {
    if (n == 0) {
      return Hash.ZERO;
    }
    long[] indexes = subtreeIndexes(0, n);
    return subtreeHash(0, n, new Cursor(read(reader, indexes)));
  }

  /** The proof that record n is in the tree of size t. */
  public static List<Hash> proveRecord(long t, long n, HashReader reader) throws SumDbException {
    if (t < 0 || n < 0 || n >= t) {
      throw new IllegalArgumentException("no record " + n + " in a tree of " + t);
    }
    List<Long> need = new ArrayList<>();
    RecordProofs.leafProofIndex(0, t, n, need);
    return RecordProofs.leafProof(0, t, n, new Cursor(read(reader, toArray(need))));
  }

  /** Checks that the record with hash h is record n of the tree of size t with root th. */
  public static void checkRecord(List<Hash> proof, long t, Hash th, long n, Hash h) throws SumDbException {
    if (t < 0 || n < 0 || n >= t || !th.equals(RecordProofs.run(proof, 0, t, n, h))) {
      throw new SumDbException(INCONSISTENT, "record " + n + " is not proven in tree " + t);
    }
  }

  /** The proof that the tree of size n is a prefix of the tree of size t. */
  public static List<Hash> proveTree(long t, long n, HashReader reader) throws SumDbException {
    if (t < 1 || n < 1 || n > t) {
      throw new IllegalArgumentException("no consistency proof from tree " + n + " to tree " + t);
    }
    List<Long> need = new ArrayList<>();
    TreeProofs.treeProofIndex(0, t, n, need);
    return TreeProofs.treeProof(0, t, n, new Cursor(read(reader, toArray(need))));
  }

  /** Checks that tree (n, h) is a prefix of tree (t, th); fails when the two are a fork. */
  public static void checkTree(List<Hash> proof, long t, Hash th, long n, Hash h) throws SumDbException {
    Hash[] result = t < 1 || n < 1 || n > t ? null : TreeProofs.run(proof, 0, t, n, h);
    if (result == null || !result[0].equals(h) || !result[1].equals(th)) {
      throw new SumDbException(INCONSISTENT, "tree " + n + " (" + h + ") is not a prefix of tree " + t + " (" + th + ")");
    }
  }

  /** Storage indexes of the complete subtrees covering [lo, hi), largest first. */
  static long[] subtreeIndexes(long lo, long hi) {
    List<Long> need = new ArrayList<>();
    addSubtreeIndexes(lo, hi, need);
    return toArray(need);
  }

  static void addSubtreeIndexes(long lo, long hi, List<Long> need) {
    while (lo < hi) {
      long k = maxPow2(hi - lo + 1);
      int level = Long.numberOfTrailingZeros(k);
      need.add(StoredHashes.index(level, lo >> level));
      lo += k;
    }
  }

  /** Consumes the hashes of [lo, hi)'s complete subtrees and combines them into its root. */
  static Hash subtreeHash(long lo, long hi, Cursor hashes) {
    List<Hash> parts = new ArrayList<>();
    while (lo < hi) {
      lo += maxPow2(hi - lo + 1);
      parts.add(hashes.next());
    }
    Hash h = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      h = Hash.node(parts.get(i), h);
    }
    return h;
  }

  /** The largest power of two smaller than n (n > 1), tlog's maxpow2. */
  static long maxPow2(long n) {
    return n <= 2 ? 1 : Long.highestOneBit(n - 1);
  }

  private static List<Hash> read(HashReader reader, long[] indexes) throws SumDbException {
    List<Hash> hashes = reader.readHashes(indexes);
    if (hashes.size() != indexes.length) {
      throw new IllegalStateException("HashReader returned " + hashes.size() + " hashes for " + indexes.length + " indexes");
    }
    return hashes;
  }

  private static long[] toArray(List<Long> list) {
    return list.stream().mapToLong(Long::longValue).toArray();
  }

  /** Hashes consumed in order by the recursive proof builders. */
  static final class Cursor {
    private final List<Hash> hashes;
    private int next;

    Cursor(List<Hash> hashes) {
      this.hashes = hashes;
    }

    Hash next() {
      return hashes.get(next++);
    }
  }
}
