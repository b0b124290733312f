package io.proxywatch.agent;

import io.proxywatch.agent.probe.AcceptEncoding;
import io.proxywatch.agent.probe.EgressProxy;
import io.proxywatch.agent.probe.IpFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How probes fetch and whom they reach it through, validated on construction; messages name the option and the
 * value.
 *
 * @param acceptEncoding what probes ask for ({@code --accept-encoding}); gzip, as the go command
 * @param userAgent the User-Agent header ({@code --user-agent})
 * @param ipFamily resolve and connect over IPv4, IPv6 or either ({@code --ip-family})
 * @param resolver the DNS server to ask instead of the system's resolver, or null for the system's ({@code --resolver})
 * @param egress the egress proxy ({@code --egress-proxy}, {@code --no-proxy}, HTTPS_PROXY, HTTP_PROXY, NO_PROXY)
 * @param proxyAuthFile headers for private Go module proxies, or null ({@code --proxy-auth-file})
 */
public record FetchConfig(AcceptEncoding acceptEncoding, String userAgent, IpFamily ipFamily,
    InetSocketAddress resolver, EgressProxy egress, Path proxyAuthFile) {
  /** Identifies proxywatch first, then says whose requests it copies: see agent/README.md, "User-Agent". */
  public static final String DEFAULT_USER_AGENT = "proxywatch-agent/" + SoftwareVersion.get() + " (like Go-http-client/2.0)";
  public static final int MAX_USER_AGENT = 256;
  private static final Pattern RESOLVER = Pattern.compile("\\[([0-9A-Fa-f:.]+)\\](?::([0-9]{1,5}))?|([0-9]{1,3}(?:\\.[0-9]{1,3}){3})(?::([0-9]{1,5}))?|([0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)");
  private static final String RESOLVER_RULE =
      "expected system or an IP address with an optional port (10.0.0.2, 10.0.0.2:5353, [fd00::53]:53)";

  public static final FetchConfig DEFAULTS =
      new FetchConfig(AcceptEncoding.GZIP, DEFAULT_USER_AGENT, IpFamily.ANY, null, EgressProxy.NONE, null);

  public FetchConfig {
    Objects.requireNonNull(acceptEncoding, "acceptEncoding");
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(egress, "egress");
    boolean headerSafe = userAgent != null && !userAgent.isBlank() && userAgent.length() <= MAX_USER_AGENT
        && userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (!headerSafe) {
      throw new IllegalArgumentException("--user-agent: expected 1-" + MAX_USER_AGENT + " printable ASCII characters, got \""
          + userAgent + "\"");
    }
  }

  /** {@code system} (null) or {@code ADDR[:PORT]}, port 53 by default; IllegalArgumentException naming the option. */
  public static InetSocketAddress resolver(String text) {
    String value = text == null ? "" : text.trim();
    if (value.equals("system")) return null;
    Matcher m = RESOLVER.matcher(value);
    if (!m.matches()) throw new IllegalArgumentException("--resolver: " + RESOLVER_RULE + ", got \"" + text + "\"");
    String address = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
    String port = m.group(2) != null ? m.group(2) : m.group(4);
    int number = port == null ? 53 : Integer.parseInt(port);
    try {
      boolean octets = m.group(3) == null || java.util.Arrays.stream(address.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
      if (number < 1 || number > 65535 || !octets) throw new IllegalArgumentException("port or octet");
      return new InetSocketAddress(InetAddress.getByName(address), number);
    } catch (java.net.UnknownHostException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--resolver: " + RESOLVER_RULE + ", got \"" + text + "\"", e);
    }
  }

  /** For the start-up line and --check; the egress proxy's credentials and the auth file's contents are not shown. */
  @Override
  public String toString() {
    return "accept-encoding=" + acceptEncoding.header() + " user-agent=\"" + userAgent + "\" ip-family="
        + ipFamily.option() + " resolver=" + (resolver == null ? "system" : resolverText()) + " egress-proxy="
        + egress + " proxy-auth-file=" + (proxyAuthFile == null ? "-" : proxyAuthFile);
  }

  private String resolverText() {
    String host = resolver.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + resolver.getPort();
  }
}
