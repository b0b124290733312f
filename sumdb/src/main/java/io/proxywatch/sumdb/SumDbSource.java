package io.proxywatch.sumdb;

/**
 * Fetches one path of a checksum database ({@code latest}, {@code lookup/M@V}, {@code tile/8/0/000}, {@code
 * supported}) relative to where it is reached: its own URL or a proxy's {@code <proxy>/sumdb/<name>/}. A missing
 * path is a NOT_FOUND error, an unreachable or failing database UNAVAILABLE.
 */
@FunctionalInterface
public interface SumDbSource {
  byte[] get(String path) throws SumDbException;

  /** The tiles of this source. */
  default TileSource tiles() {
    return tile -> get(tile.path());
  }
}
