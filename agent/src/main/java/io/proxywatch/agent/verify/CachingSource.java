package io.proxywatch.agent.verify;

import io.proxywatch.sumdb.SumDbException;
import io.proxywatch.sumdb.SumDbSource;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checksum database source that keeps the last {@code maxTiles} tiles in memory (a tile's path names its
 * content for ever, partial tiles included), so a lookup after the first costs the lookup and a few new tiles.
 * Every byte fetched is paid for in the verification bandwidth.
 */
final class CachingSource implements SumDbSource {
  private final SumDbSource source;
  private final Bandwidth bandwidth;
  private final Map<String, byte[]> tiles;

  CachingSource(SumDbSource source, Bandwidth bandwidth, int maxTiles) {
    this.source = source;
    this.bandwidth = bandwidth;
    this.tiles = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
        return size() > maxTiles;
      }
    };
  }

  @Override
  public byte[] get(String path) throws SumDbException {
    if (!path.startsWith("tile/")) return fetch(path);
    synchronized (tiles) {
      byte[] cached = tiles.get(path);
      if (cached != null) return cached;
    }
    byte[] body = fetch(path);
    synchronized (tiles) {
      tiles.put(path, body);
    }
    return body;
  }

  private byte[] fetch(String path) throws SumDbException {
    byte[] body = source.get(path);
    try {
      bandwidth.spend(body.length);
    } catch (InterruptedIOException e) {
      throw new SumDbException(SumDbException.Reason.UNAVAILABLE, "interrupted", e);
    }
    return body;
  }
}
