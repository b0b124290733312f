package io.proxywatch.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlogTest {
  @Test
  void storedHashIndex_andSplit_roundTrip() {
    assertThat(StoredHashes.index(0, 0)).isZero();
    assertThat(StoredHashes.index(0, 1)).isEqualTo(1);
    assertThat(StoredHashes.index(1, 0)).isEqualTo(2);
    assertThat(StoredHashes.index(0, 2)).isEqualTo(3);
    for (long i = 0; i < 5000; i++) {
      long[] s = StoredHashes.split(i);
      assertThat(StoredHashes.index((int) s[0], s[1])).isEqualTo(i);
    }
    assertThat(StoredHashes.count(MemoryTree.of(37).size)).isEqualTo(MemoryTree.of(37).stored.size());
  }

  @Test
  void tilePaths_matchTlogTestVectors() throws Exception {
    assertThat(new Tile(4, 0, 1, 16).path()).isEqualTo("tile/4/0/001");
    assertThat(new Tile(4, 0, 1, 5).path()).isEqualTo("tile/4/0/001.p/5");
    assertThat(new Tile(3, 5, 123456078, 8).path()).isEqualTo("tile/3/5/x123/x456/078");
    assertThat(new Tile(3, 5, 123456078, 2).path()).isEqualTo("tile/3/5/x123/x456/078.p/2");
    assertThat(new Tile(1, 0, 3057500, 2).path()).isEqualTo("tile/1/0/x003/x057/500");
    assertThat(new Tile(1, -1, 3057500, 2).path()).isEqualTo("tile/1/data/x003/x057/500");
    for (String p : new String[] {"tile/4/0/001.p/5", "tile/3/5/x123/x456/078", "tile/1/data/x003/x057/500"}) {
      assertThat(Tile.parse(p).path()).isEqualTo(p);
    }
    for (String p : new String[] {"tile/3/5/123/456/078", "tile/3/-1/123/456/078", "tile/8/0/000.p/256", "tile/8/0/1"}) {
      assertThatThrownBy(() -> Tile.parse(p)).as(p).hasMessageContaining("malformed tile path");
    }
  }

  @Test
  void treeHash_ofSmallTrees_isRfc6962() throws Exception {
    Hash a = Hash.record("record 0\n".getBytes()), b = Hash.record("record 1\n".getBytes());
    Hash c = Hash.record("record 2\n".getBytes());
    assertThat(MerkleProofs.treeHash(0, MemoryTree.of(0))).isEqualTo(Hash.ZERO);
    assertThat(MerkleProofs.treeHash(1, MemoryTree.of(1))).isEqualTo(a);
    assertThat(MerkleProofs.treeHash(3, MemoryTree.of(3))).isEqualTo(Hash.node(Hash.node(a, b), c));
  }

  @Test
  void recordAndTreeProofs_checkForEverySizeAndFailWhenTampered() throws Exception {
    MemoryTree tree = MemoryTree.of(70);
    List<Hash> roots = new ArrayList<>();
    for (long t = 0; t <= 70; t++) {
      roots.add(MerkleProofs.treeHash(t, tree));
    }
    for (long size = 1; size <= 70; size++) {
      for (long record = 0; record < size; record++) {
        long t = size, n = record;
        List<Hash> p = MerkleProofs.proveRecord(t, n, tree);
        Hash leaf = tree.stored.get((int) StoredHashes.index(0, n));
        MerkleProofs.checkRecord(p, t, roots.get((int) t), n, leaf);
        assertThatThrownBy(() -> MerkleProofs.checkRecord(p, t, roots.get((int) t), n, Hash.record(new byte[1])))
            .isInstanceOf(SumDbException.class);
        List<Hash> tp = MerkleProofs.proveTree(t, n + 1, tree);
        MerkleProofs.checkTree(tp, t, roots.get((int) t), n + 1, roots.get((int) n + 1));
        if (n + 1 < t) {
          assertThatThrownBy(() -> MerkleProofs.checkTree(tp, t, roots.get((int) t), n + 1, roots.get((int) n)))
              .hasMessageContaining("is not a prefix");
        }
      }
    }
  }

  @Test
  void tileHashReader_readsAuthenticatedHashesAtEveryHeight() throws Exception {
    for (int height : new int[] {1, 2, 3, 8}) {
      MemoryTree tree = MemoryTree.of(height == 8 ? 700 : 100);
      TreeHead head = tree.head();
      HashReader tiles = new TileHashReader(head, height, tree::tile);
      for (long n = 0; n < tree.size; n += 7) {
        List<Hash> p = MerkleProofs.proveRecord(tree.size, n, tiles);
        MerkleProofs.checkRecord(p, tree.size, head.hash(), n, tree.stored.get((int) StoredHashes.index(0, n)));
        MerkleProofs.checkTree(MerkleProofs.proveTree(tree.size, n + 1, tiles), tree.size, head.hash(), n + 1,
            MerkleProofs.treeHash(n + 1, tree));
      }
      assertThat(MerkleProofs.treeHash(tree.size, tiles)).isEqualTo(head.hash());
    }
  }

  @Test
  void wrongOrTruncatedTiles_areErrorsNotHashes() throws Exception {
    MemoryTree tree = MemoryTree.of(700);
    TreeHead head = tree.head();
    TileSource flipped = t -> {
      byte[] d = tree.tile(t);
      if (t.level() == 0 && t.number() == 0) {
        d[5] ^= 1;
      }
      return d;
    };
    assertThatThrownBy(() -> MerkleProofs.proveRecord(700, 3, new TileHashReader(head, 8, flipped)))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.INCONSISTENT))
        .hasMessageContaining("tile/8/0/000 does not match its parent tile/8/1/000.p/2");
    TileSource truncated = t -> java.util.Arrays.copyOf(tree.tile(t), tree.tile(t).length - 1);
    assertThatThrownBy(() -> MerkleProofs.proveRecord(700, 3, new TileHashReader(head, 8, truncated)))
        .isInstanceOfSatisfying(SumDbException.class, e -> assertThat(e.reason()).isEqualTo(SumDbException.Reason.MALFORMED));
    TreeHead otherRoot = new TreeHead(700, Hash.record(new byte[0]));
    assertThatThrownBy(() -> MerkleProofs.proveRecord(700, 3, new TileHashReader(otherRoot, 8, tree::tile)))
        .hasMessageContaining("tiles do not hash to the signed root of tree 700");
  }
}
