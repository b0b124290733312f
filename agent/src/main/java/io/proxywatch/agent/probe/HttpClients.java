package io.proxywatch.agent.probe;

import java.util.concurrent.TimeUnit;
import java.net.Proxy;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.Authenticator;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** Builds the OkHttp clients probes run on: one shared base, and a per-probe variant of it. */
final class HttpClients {
  private HttpClients() {}

  /**
   * Redirects are recorded, never followed; no silent retries (they would hide failures and skew
   * timings); every socket operation and the whole call share the probe's timeout.
   */
  static OkHttpClient base(ProbeSettings settings) {
    SSLSocketFactory tls = settings.keepAlive() ? settings.trust().newContext().getSocketFactory()
        : new FreshSessionSocketFactory(settings.trust());
    return new OkHttpClient.Builder()
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .callTimeout(settings.timeout())
        .connectTimeout(settings.timeout())
        .readTimeout(settings.timeout())
        .writeTimeout(settings.timeout())
        .connectionPool(new ConnectionPool(settings.concurrency(), 5, TimeUnit.MINUTES))
        .sslSocketFactory(tls, settings.trust().trustManager())
        .build();
  }

  /**
   * The client for one probe: its own event listener and socket factory (see ProbeSocketFactory); the
   * socket factory is not part of OkHttp's connection-pool key, so keep-alive pooling still works. Without keep-alive
   * it also has its own empty pool that keeps no idle connection, and the base's TLS sockets never resume a session
   * ({@link FreshSessionSocketFactory}): so even concurrent probes to the same host (which HTTP/2 would otherwise
   * multiplex on one connection) each resolve, connect and handshake like a first-time client.
   * With a pin (or null) for the URL's host and port, connections go where the pin says. Through an egress
   * {@code proxy} the DNS and connect phases are the proxy's, TLS is with the origin through a CONNECT tunnel.
   *
   * <p>OkHttp's fast fallback (Happy Eyeballs, as Go's dialer does it) hands every TCP connect to a background
   * thread and waits for the result; with {@code oneRoute} (an address literal, or a pin to one, and no proxy)
   * there is nothing to race, so the probe's own thread connects, without two thread hand-offs per probe.
   */
  static OkHttpClient forProbe(OkHttpClient base, ProbeSettings settings, PhaseListener listener, HostPin pin,
      Proxy proxy, String proxyAuthorization, boolean oneRoute) {
    Reach reach = settings.reach();
    OkHttpClient.Builder builder = base.newBuilder().eventListener(listener).proxy(proxy).fastFallback(!oneRoute)
        .dns(new ProbeDns(reach.resolver(), reach.family(), pin))
        .socketFactory(new ProbeSocketFactory(listener::tcpConnected, listener::tlsBytesRead, pin == null ? a -> a : pin::redirect,
            reach.family()));
    if (proxy.type() != Proxy.Type.DIRECT) builder.proxyAuthenticator(tunnel(settings.userAgent(), proxyAuthorization));
    if (!settings.keepAlive()) builder.connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS));
    return builder.build();
  }

  /** True if {@code host} is an IPv4 or IPv6 address literal (OkHttp then connects to it without a lookup). */
  static boolean isAddressLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /**
   * The CONNECT request: the probe's User-Agent, and the proxy's credentials sent up front (OkHttp asks before it
   * connects). A real 407 fails the probe, as Go's transport does: it never retries a CONNECT.
   */
  private static Authenticator tunnel(String userAgent, String authorization) {
    return (route, response) -> {
      if (!"OkHttp-Preemptive".equals(response.header("Proxy-Authenticate"))) return null;
      Request.Builder connect = response.request().newBuilder().header("User-Agent", userAgent);
      if (authorization != null) connect.header("Proxy-Authorization", authorization);
      return connect.build();
    };
  }
}
