package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.MALFORMED;

/**
 * A tile of the tree as tlog defines it: at level L (level -1 is record data) of height H, tile number N holds
 * W (1..2^H) consecutive hashes of tree level L*H. Its path is {@code tile/H/L/NNN[.p/W]}, N written in
 * 3-digit elements with an "x" on all but the last ({@code x001/x234/067}); sum.golang.org uses H = 8.
 */
public record Tile(int height, int level, long number, int width) {
  /** The tile height sum.golang.org and the go command use. */
  public static final int HEIGHT = 8;

  public Tile {
    if (height < 1 || height > 30 || level < -1 || level > 63 || number < 0 || width < 1 || width > 1 << height) {
      throw new IllegalArgumentException("invalid tile H=" + height + " L=" + level + " N=" + number + " W=" + width);
    }
  }

  /** The smallest tile of the given height holding the hash at a storage index (tlog.TileForIndex). */
  public static Tile forIndex(int height, long index) {
    long[] split = StoredHashes.split(index);
    int level = (int) split[0];
    long n = split[1];
    int tileLevel = level / height;
    level -= tileLevel * height;
    long number = n << level >> height;
    n -= number << height >> level;
    return new Tile(height, tileLevel, number, (int) ((n + 1) << level));
  }

  /** The hash at a storage index, computed from this tile's bytes (tlog.HashFromTile). */
  public Hash hashAt(byte[] data, long index) throws SumDbException {
    if (data.length < width * Hash.SIZE) {
      throw new SumDbException(MALFORMED, "tile " + path() + ": " + data.length + " bytes, expected " + width * Hash.SIZE);
    }
    long[] split = StoredHashes.split(index);
    Tile needed = forIndex(height, index);
    if (level != needed.level || number != needed.number || width < needed.width) {
      throw new IllegalArgumentException("index " + index + " is in " + needed.path() + ", not " + path());
    }
    int levelInTile = (int) split[0] - level * height;
    long nInTile = split[1] - (number << height >> levelInTile);
    int start = (int) (nInTile << levelInTile) * Hash.SIZE;
    int end = (int) ((nInTile + 1) << levelInTile) * Hash.SIZE;
    return subtreeHash(data, start, end);
  }

  /** The root hash of the hashes in data[from, to) (a power of two of them). */
  static Hash subtreeHash(byte[] data, int from, int to) {
    if (to - from == Hash.SIZE) {
      return Hash.of(data, from);
    }
    int mid = from + (to - from) / 2;
    return Hash.node(subtreeHash(data, from, mid), subtreeHash(data, mid, to));
  }

  public String path() {
    StringBuilder n = new StringBuilder(String.format("%03d", number % 1000));
    for (long rest = number / 1000; rest > 0; rest /= 1000) {
      n.insert(0, String.format("x%03d/", rest % 1000));
    }
    String partial = width == 1 << height ? "" : ".p/" + width;
    return "tile/" + height + "/" + (level == -1 ? "data" : Integer.toString(level)) + "/" + n + partial;
  }

  /** Parses a tile path; only the canonical form ({@link #path()} of the result) is accepted. */
  public static Tile parse(String path) throws SumDbException {
    String[] f = path.split("/", -1);
    try {
      if (f.length < 4 || !f[0].equals("tile") || f[3].isEmpty()) {
        throw new IllegalArgumentException();
      }
      int height = Integer.parseInt(f[1]);
      int level = f[2].equals("data") ? -1 : Integer.parseInt(f[2]);
      int width = 1 << Math.min(Math.max(height, 0), 30);
      int last = f.length;
      if (f[last - 2].endsWith(".p")) {
        width = Integer.parseInt(f[last - 1]);
        f[last - 2] = f[last - 2].substring(0, f[last - 2].length() - 2);
        last--;
      }
      long number = 0;
      for (int i = 3; i < last; i++) {
        number = number * 1000 + Integer.parseInt(f[i].startsWith("x") ? f[i].substring(1) : f[i]);
      }
      Tile tile = new Tile(height, level, number, width);
      if (tile.path().equals(path)) {
        return tile;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new SumDbException(MALFORMED, "malformed tile path \"" + Snippet.of(path) + "\"");
  }
}
