package io.proxywatch.agent.probe;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A NO_PROXY list as Go's {@code httpproxy} reads it: comma-separated entries; {@code *} matches every host; an
 * IP address matches itself; a name matches itself and its subdomains ({@code .example.com} only the
 * subdomains); an entry may end in {@code :port}. {@code localhost} and loopback addresses always bypass the proxy.
 */
public record NoProxy(List<String> entries) {
  public NoProxy {
    entries = List.copyOf(entries);
  }

  public static NoProxy parse(String text) {
    if (text == null) return new NoProxy(List.of());
    return new NoProxy(Arrays.stream(text.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty()).toList());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  boolean bypasses(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || loopback(h)) return true;
    return entries.stream().anyMatch(e -> matches(e, h, port));
  }

  private static boolean matches(String entry, String host, int port) {
    if (entry.equals("*")) return true;
    String name = entry;
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("[0-9]+")) {
      if (Integer.parseInt(entry.substring(colon + 1)) != port) return false;
      name = entry.substring(0, colon);
    }
    name = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    if (name.startsWith(".")) return host.endsWith(name);
    if (name.startsWith("*.")) return host.endsWith(name.substring(1));
    return host.equals(name) || host.endsWith("." + name);
  }

  private static boolean loopback(String host) {
    if (!host.matches("[0-9.]+|.*:.*")) return false;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return String.join(",", entries);
  }
}
