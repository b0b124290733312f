package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.INCONSISTENT;
import static io.proxywatch.sumdb.SumDbException.Reason.NOT_FOUND;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Reads one checksum database through a {@link SumDbSource} and returns only what it verified: tree heads signed by
 * the configured key, lookup records proven to be in their signed tree, and consistency between two heads. Every
 * failure is a {@link SumDbException}; nothing is returned half-checked.
 */
public final class SumDbVerifier {
  private final VerifierKey key;
  private final SumDbSource source;

  public SumDbVerifier(VerifierKey key, SumDbSource source) {
    this.key = Objects.requireNonNull(key, "key");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Whether a proxy serves this database ({@code <proxy>/sumdb/<name>/supported} answers 200). */
  public boolean supported() throws SumDbException {
    try {
      source.get("supported");
      return true;
    } catch (SumDbException e) {
      if (e.reason() == NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** The database's latest signed tree head. */
  public SignedTreeHead latest() throws SumDbException {
    return SignedTreeHead.open(source.get("latest"), key);
  }

  /** Looks up module@version and proves its record is in the signed tree that came with it. */
  public VerifiedLookup lookup(String module, String version) throws SumDbException {
    byte[] body = source.get("lookup/" + ModulePaths.escape(module) + "@" + ModulePaths.escape(version));
    LookupResponse r = LookupResponse.parse(body, module, version, key);
    TreeHead tree = r.head().tree();
    if (r.id() >= tree.size()) {
      throw new SumDbException(INCONSISTENT, "record " + r.id() + " cannot be in a tree of " + tree.size());
    }
    List<Hash> proof = MerkleProofs.proveRecord(tree.size(), r.id(), hashes(tree));
    MerkleProofs.checkRecord(proof, tree.size(), tree.hash(), r.id(),
        Hash.record(r.record().getBytes(StandardCharsets.UTF_8)));
    return new VerifiedLookup(module, version, r.id(), r.zipH1(), r.modH1(), r.head());
  }

  /**
   * Proves that the smaller of two signed heads is a prefix of the larger, reading tiles of the larger from this
   * database (so pass heads where the larger is this database's). Failing means a fork: one key signed two histories.
   */
  public void checkConsistent(SignedTreeHead a, SignedTreeHead b) throws SumDbException {
    TreeHead older = (a.size() <= b.size() ? a : b).tree();
    TreeHead newer = (a.size() <= b.size() ? b : a).tree();
    if (older.size() == newer.size() || older.size() == 0) {
      if (older.size() != 0 && !older.hash().equals(newer.hash())) {
        throw new SumDbException(INCONSISTENT, "two different trees of size " + older.size() + ": " + older.hash()
            + " and " + newer.hash());
      }
      return;
    }
    List<Hash> proof = MerkleProofs.proveTree(newer.size(), older.size(), hashes(newer));
    MerkleProofs.checkTree(proof, newer.size(), newer.hash(), older.size(), older.hash());
  }

  private HashReader hashes(TreeHead tree) {
    return new TileHashReader(tree, Tile.HEIGHT, source.tiles());
  }
}
