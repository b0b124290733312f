package io.proxywatch.sumdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A tree built in memory as tlog.StoredHashesForRecordHash appends hashes, serving hashes and tiles to tests. */
final class MemoryTree implements HashReader {
  final List<Hash> stored = new ArrayList<>();
  long size;

  static MemoryTree of(int records) {
    MemoryTree t = new MemoryTree();
    for (int i = 0; i < records; i++) {
      t.add(("record " + i + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return t;
  }

  void add(byte[] record) {
    long n = size;
    Hash h = Hash.record(record);
    stored.add(h);
    int m = Long.numberOfTrailingZeros(n + 1);
    for (int i = 0; i < m; i++) {
      h = Hash.node(stored.get((int) StoredHashes.index(i, (n >> i) - 1)), h);
      stored.add(h);
    }
    size++;
  }

  @Override
  public List<Hash> readHashes(long[] indexes) {
    List<Hash> out = new ArrayList<>();
    for (long i : indexes) {
      out.add(stored.get((int) i));
    }
    return out;
  }

  /** tlog.ReadTileData: the W hashes of the tile's level, concatenated. */
  byte[] tile(Tile t) {
    byte[] data = new byte[t.width() * Hash.SIZE];
    for (int i = 0; i < t.width(); i++) {
      long index = StoredHashes.index(t.height() * t.level(), (t.number() << t.height()) + i);
      System.arraycopy(stored.get((int) index).bytes(), 0, data, i * Hash.SIZE, Hash.SIZE);
    }
    return data;
  }

  TreeHead head() throws SumDbException {
    return new TreeHead(size, MerkleProofs.treeHash(size, this));
  }
}
