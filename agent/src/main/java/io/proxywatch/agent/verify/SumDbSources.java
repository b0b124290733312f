package io.proxywatch.agent.verify;

import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.sumdb.HttpSumDbSource;
import io.proxywatch.sumdb.SumDbException;
import io.proxywatch.sumdb.SumDbVerifier;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.Response;

/**
 * Where one checksum database is read from: through each proxy ({@code <proxy>/sumdb/<name>/}, when its
 * {@code supported} answers 200, asked again every hour) and directly when GOSUMDB names a URL. Lookups prefer the
 * proxy's copy (what that region's users see) and fall back to the direct one.
 */
final class SumDbSources {
  private static final Duration RECHECK = Duration.ofHours(1);
  private static final int MAX_TILES = 256;

  /** One place a database is read from. */
  record Source(String via, String base, SumDbVerifier verifier) {}

  private record Support(boolean supported, Instant checkedAt) {}

  private volatile GoSumDb db;
  private final Bandwidth bandwidth;
  private final Fetcher fetcher;
  private final Supplier<Instant> now;
  private final Map<String, Source> byBase = new ConcurrentHashMap<>();
  private final Map<String, Support> support = new ConcurrentHashMap<>();

  SumDbSources(GoSumDb db, Bandwidth bandwidth, Fetcher fetcher, Supplier<Instant> now) {
    this.db = db;
    this.bandwidth = bandwidth;
    this.fetcher = fetcher;
    this.now = now;
  }

  String name() {
    return db.name();
  }

  GoSumDb db() {
    return db;
  }

  /** Reads another database from now on; what was learnt about the previous one is forgotten. */
  void use(GoSumDb other) {
    db = other;
    byBase.clear();
    support.clear();
  }

  /** The sources for one proxy, the proxy's copy first; empty when none can be used. */
  List<Source> forProxy(String proxy) {
    List<Source> sources = new ArrayList<>(2);
    Source viaProxy = source("proxy", proxyBase(proxy));
    if (supported(viaProxy)) sources.add(viaProxy);
    if (db.url() != null) sources.add(source("direct", db.url().toString()));
    return sources;
  }

  private static String strip(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private String proxyBase(String proxy) {
    return strip(proxy) + "/sumdb/" + db.name();
  }

  private Source source(String via, String base) {
    return byBase.computeIfAbsent(strip(base), b -> new Source(via, b + "/", new SumDbVerifier(db.key(),
        new CachingSource(new HttpSumDbSource(URI.create(b), this::get), bandwidth, MAX_TILES))));
  }

  private HttpSumDbSource.Reply get(URI uri) throws IOException {
    Response response = fetcher.get(uri.toString());
    return new HttpSumDbSource.Reply(response.code(), response.body().byteStream());
  }

  private boolean supported(Source s) {
    Support known = support.get(s.base());
    if (known != null && known.checkedAt().plus(RECHECK).isAfter(now.get())) return known.supported();
    boolean ok;
    try {
      ok = s.verifier().supported();
    } catch (SumDbException e) {
      ok = false;
    }
    support.put(s.base(), new Support(ok, now.get()));
    return ok;
  }
}
