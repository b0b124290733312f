package io.proxywatch.agent.verify;

import java.io.IOException;
import okhttp3.Response;

/**
 * How verification reaches a host: a GET, redirects followed, that the caller closes. The agent passes its prober's
 * ({@link io.proxywatch.agent.probe.Prober#fetch}), so a zip and a proxy's copy of the checksum database are read
 * the way that region's probes read the proxy: the same trust, pins, egress proxy and private-proxy headers.
 */
@FunctionalInterface
public interface Fetcher {
  Response get(String url) throws IOException;
}
