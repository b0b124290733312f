package io.proxywatch.sumdb;

/**
 * Fetches the bytes of one tile ({@code <base>/tile/H/L/NNN[.p/W]}) from wherever the database is reached: a
 * database URL, a proxy's {@code /sumdb/<name>/} prefix, a cache or a test. Nothing fetched is trusted:
 * {@link TileHashReader} checks every tile against a signed tree head.
 */
@FunctionalInterface
public interface TileSource {
  byte[] readTile(Tile tile) throws SumDbException;
}
