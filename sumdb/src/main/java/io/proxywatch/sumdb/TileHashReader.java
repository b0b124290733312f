package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.INCONSISTENT;
import static io.proxywatch.sumdb.SumDbException.Reason.MALFORMED;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads tree hashes from tiles and authenticates every tile it uses against a tree head (as tlog.TileHashReader):
 * the tiles holding the tree's complete subtrees must hash to the head's root, and every other tile to the
 * hash its parent tile holds for it. A wrong or truncated tile is an error, never a returned hash.
 */
public final class TileHashReader implements HashReader {
  private final TreeHead tree;
  private final int height;
  private final TileSource source;

  public TileHashReader(TreeHead tree, int height, TileSource source) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.height = height;
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public List<Hash> readHashes(long[] indexes) throws SumDbException {
    if (indexes.length == 0) {
      return List.of();
    }
    Map<Tile, Integer> order = new HashMap<>();
    List<Tile> tiles = new ArrayList<>();
    long[] roots = MerkleProofs.subtreeIndexes(0, tree.size());
    int[] rootTile = new int[roots.length];
    for (int i = 0; i < roots.length; i++) {
      rootTile[i] = add(parent(Tile.forIndex(height, roots[i]), 0), order, tiles);
    }
    int authenticatedByRoot = tiles.size();
    int[] indexTile = new int[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      indexTile[i] = addWithParents(indexes[i], order, tiles);
    }
    List<byte[]> data = new ArrayList<>();
    for (Tile tile : tiles) {
      data.add(read(tile));
    }
    checkRoot(roots, rootTile, tiles, data);
    for (int i = authenticatedByRoot; i < tiles.size(); i++) {
      Tile tile = tiles.get(i);
      Tile up = parent(tile, 1);
      int j = order.get(up);
      Hash expected = up.hashAt(data.get(j), StoredHashes.index(up.level() * height, tile.number()));
      if (!expected.equals(Tile.subtreeHash(data.get(i), 0, data.get(i).length))) {
        throw new SumDbException(INCONSISTENT, "tile " + tile.path() + " does not match its parent " + up.path());
      }
    }
    List<Hash> hashes = new ArrayList<>(indexes.length);
    for (int i = 0; i < indexes.length; i++) {
      hashes.add(tiles.get(indexTile[i]).hashAt(data.get(indexTile[i]), indexes[i]));
    }
    return hashes;
  }

  /** Adds the full tile of an index and its parents up to the first tile already listed; returns its position. */
  private int addWithParents(long index, Map<Tile, Integer> order, List<Tile> tiles) {
    if (index < 0 || index >= StoredHashes.index(0, tree.size())) {
      throw new IllegalArgumentException("hash index " + index + " is not in a tree of " + tree.size());
    }
    Tile tile = Tile.forIndex(height, index);
    int k = 0;
    while (!order.containsKey(parent(tile, k))) {
      if (parent(tile, ++k) == null) {
        throw new IllegalStateException("bad math: no listed parent for " + tile.path() + " in tree " + tree.size());
      }
    }
    for (k--; k >= 0; k--) {
      add(parent(tile, k), order, tiles);
    }
    return order.get(parent(tile, 0));
  }

  private static int add(Tile tile, Map<Tile, Integer> order, List<Tile> tiles) {
    return order.computeIfAbsent(tile, t -> {
      tiles.add(t);
      return tiles.size() - 1;
    });
  }

  /** The tile k levels above, as wide as the tree allows (tlog's tileParent); null above the tree. */
  private Tile parent(Tile t, int k) {
    int level = t.level() + k;
    long number = t.number() >> (k * height);
    long max = tree.size() >> (level * height);
    long start = number << height;
    if (start >= max) {
      return null;
    }
    return new Tile(height, level, number, (int) Math.min(1L << height, max - start));
  }

  private byte[] read(Tile tile) throws SumDbException {
    byte[] bytes = source.readTile(tile);
    if (bytes.length != tile.width() * Hash.SIZE) {
      throw new SumDbException(MALFORMED, "tile " + tile.path() + ": " + bytes.length + " bytes, expected "
          + tile.width() * Hash.SIZE);
    }
    return bytes;
  }

  private void checkRoot(long[] roots, int[] rootTile, List<Tile> tiles, List<byte[]> data) throws SumDbException {
    int last = roots.length - 1;
    Hash root = tiles.get(rootTile[last]).hashAt(data.get(rootTile[last]), roots[last]);
    for (int i = last - 1; i >= 0; i--) {
      root = Hash.node(tiles.get(rootTile[i]).hashAt(data.get(rootTile[i]), roots[i]), root);
    }
    if (!root.equals(tree.hash())) {
      throw new SumDbException(INCONSISTENT, "tiles do not hash to the signed root of tree " + tree.size());
    }
  }
}
