package io.proxywatch.agent.probe;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The HTTP proxy probes go out through, chosen per URL with the semantics of Go's {@code httpproxy} package (the
 * go command's): {@code https} URLs use HTTPS_PROXY, {@code http} URLs HTTP_PROXY (upper case first), unless
 * NO_PROXY matches the host; {@code localhost} and loopback addresses never go through a proxy. {@code --egress-proxy}
 * replaces both variables, {@code --no-proxy} replaces NO_PROXY. Credentials in a proxy URL are sent as
 * Proxy-Authorization and never shown: {@link #toString} redacts them.
 *
 * @param https proxy for https URLs, or null
 * @param http proxy for http URLs, or null
 */
public record EgressProxy(URI https, URI http, NoProxy noProxy) {
  public static final EgressProxy NONE = new EgressProxy(null, null, NoProxy.parse(""));

  public EgressProxy {
    Objects.requireNonNull(noProxy, "noProxy");
  }

  /**
   * From the options, falling back to the standard variables; IllegalArgumentException naming the option or the
   * variable (and the redacted value) when a URL is not {@code http://[user:password@]host:port}.
   */
  public static EgressProxy of(String option, String noProxyOption, Map<String, String> env) {
    String noProxy = noProxyOption != null ? noProxyOption : variable(env, "NO_PROXY");
    if (option != null) {
      URI proxy = parse("--egress-proxy", option);
      return new EgressProxy(proxy, proxy, NoProxy.parse(noProxy));
    }
    return new EgressProxy(parseVariable(env, "HTTPS_PROXY"), parseVariable(env, "HTTP_PROXY"), NoProxy.parse(noProxy));
  }

  /** The proxy for this URL, or {@link Proxy#NO_PROXY}. */
  public Proxy proxyFor(HttpUrl url) {
    URI proxy = url.isHttps() ? https : http;
    if (proxy == null || noProxy.bypasses(url.host(), url.port())) return Proxy.NO_PROXY;
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort()));
  }

  /** {@code Basic ...} for the proxy's user and password, or null when its URL has none. */
  public String authorization(HttpUrl url) {
    URI proxy = url.isHttps() ? https : http;
    if (proxy == null || proxy.getRawUserInfo() == null) return null;
    String userInfo = java.net.URLDecoder.decode(proxy.getRawUserInfo().replace("+", "%2B"), StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    if (https == null && http == null) return "-";
    String base = Objects.equals(https, http) ? redact(https)
        : "https:" + (https == null ? "-" : redact(https)) + ",http:" + (http == null ? "-" : redact(http));
    return base + (noProxy.isEmpty() ? "" : " no-proxy=" + noProxy);
  }

  /** A URL with its user and password replaced by {@code ***}. */
  public static String redact(URI uri) {
    return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
  }

  private static URI parseVariable(Map<String, String> env, String name) {
    String value = variable(env, name);
    return value == null ? null : parse(env.containsKey(name) ? name : name.toLowerCase(Locale.ROOT), value);
  }

  private static String variable(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, env.get(name.toLowerCase(Locale.ROOT)));
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static URI parse(String source, String text) {
    String withScheme = text.contains("://") ? text : "http://" + text; // as Go: a bare host:port means http
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (java.net.URISyntaxException e) {
      throw bad(source, text);
    }
    boolean ok = "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null;
    if (!ok) throw bad(source, text);
    return uri;
  }

  private static IllegalArgumentException bad(String source, String text) {
    String shown = text.replaceAll("//[^/@]*@", "//***@");
    return new IllegalArgumentException(source + ": expected http://[user:password@]host:port, got \"" + shown + "\"");
  }
}
