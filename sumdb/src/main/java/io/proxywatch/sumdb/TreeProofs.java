package io.proxywatch.sumdb;

import io.proxywatch.sumdb.MerkleProofs.Cursor;
import java.util.ArrayList;
import java.util.List;

/** The recursions behind tree (consistency) proofs: tlog's treeProofIndex, treeProof and runTreeProof. */
final class TreeProofs {
  private TreeProofs() {}

  static void treeProofIndex(long lo, long hi, long n, List<Long> need) {
    if (n == hi) {
      if (lo != 0) {
        MerkleProofs.addSubtreeIndexes(lo, hi, need);
      }
      return;
    }
    long k = MerkleProofs.maxPow2(hi - lo);
    if (n <= lo + k) {
      treeProofIndex(lo, lo + k, n, need);
      MerkleProofs.addSubtreeIndexes(lo + k, hi, need);
    } else {
      MerkleProofs.addSubtreeIndexes(lo, lo + k, need);
      treeProofIndex(lo + k, hi, n, need);
    }
  }

  static List<Hash> treeProof(long lo, long hi, long n, Cursor hashes) {
    if (n == hi) {
      List<Hash> proof = new ArrayList<>();
      if (lo != 0) {
        proof.add(MerkleProofs.subtreeHash(lo, hi, hashes));
      }
      return proof;
    }
    long k = MerkleProofs.maxPow2(hi - lo);
    List<Hash> proof;
    Hash sibling;
    if (n <= lo + k) {
      proof = treeProof(lo, lo + k, n, hashes);
      sibling = MerkleProofs.subtreeHash(lo + k, hi, hashes);
    } else {
      sibling = MerkleProofs.subtreeHash(lo, lo + k, hashes);
      proof = treeProof(lo + k, hi, n, hashes);
    }
    proof.add(sibling);
    return proof;
  }

  /** {old root, new root} the proof implies for the old tree's root old, or null when it has the wrong shape. */
  static Hash[] run(List<Hash> p, long lo, long hi, long n, Hash old) {
    if (n == hi) {
      if (lo == 0) {
        return p.isEmpty() ? new Hash[] {old, old} : null;
      }
      return p.size() == 1 ? new Hash[] {p.get(0), p.get(0)} : null;
    }
    if (p.isEmpty()) {
      return null;
    }
    long k = MerkleProofs.maxPow2(hi - lo);
    Hash last = p.get(p.size() - 1);
    List<Hash> rest = p.subList(0, p.size() - 1);
    if (n <= lo + k) {
      Hash[] r = run(rest, lo, lo + k, n, old);
      return r == null ? null : new Hash[] {r[0], Hash.node(r[1], last)};
    }
    Hash[] r = run(rest, lo + k, hi, n, old);
    return r == null ? null : new Hash[] {Hash.node(last, r[0]), Hash.node(last, r[1])};
  }
}
