package io.proxywatch.sumdb;

import io.proxywatch.sumdb.MerkleProofs.Cursor;
import java.util.ArrayList;
import java.util.List;

/** The recursions behind record (inclusion) proofs: tlog's leafProofIndex, leafProof and runRecordProof. */
final class RecordProofs {
  private RecordProofs() {}

  static void leafProofIndex(long lo, long hi, long n, List<Long> need) {
    if (lo + 1 == hi) {
      return;
    }
    long k = MerkleProofs.maxPow2(hi - lo);
    if (n < lo + k) {
      leafProofIndex(lo, lo + k, n, need);
      MerkleProofs.addSubtreeIndexes(lo + k, hi, need);
    } else {
      MerkleProofs.addSubtreeIndexes(lo, lo + k, need);
      leafProofIndex(lo + k, hi, n, need);
    }
  }

  static List<Hash> leafProof(long lo, long hi, long n, Cursor hashes) {
    if (lo + 1 == hi) {
      return new ArrayList<>();
    }
    long k = MerkleProofs.maxPow2(hi - lo);
    List<Hash> proof;
    Hash sibling;
    if (n < lo + k) {
      proof = leafProof(lo, lo + k, n, hashes);
      sibling = MerkleProofs.subtreeHash(lo + k, hi, hashes);
    } else {
      sibling = MerkleProofs.subtreeHash(lo, lo + k, hashes);
      proof = leafProof(lo + k, hi, n, hashes);
    }
    proof.add(sibling);
    return proof;
  }

  /** The root the proof implies for leaf n with hash leaf, or null when the proof has the wrong shape. */
  static Hash run(List<Hash> p, long lo, long hi, long n, Hash leaf) {
    if (lo + 1 == hi) {
      return p.isEmpty() ? leaf : null;
    }
    if (p.isEmpty()) {
      return null;
    }
    long k = MerkleProofs.maxPow2(hi - lo);
    Hash last = p.get(p.size() - 1);
    List<Hash> rest = p.subList(0, p.size() - 1);
    if (n < lo + k) {
      Hash th = run(rest, lo, lo + k, n, leaf);
      return th == null ? null : Hash.node(th, last);
    }
    Hash th = run(rest, lo + k, hi, n, leaf);
    return th == null ? null : Hash.node(last, th);
  }
}
