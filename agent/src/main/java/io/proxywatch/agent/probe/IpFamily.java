package io.proxywatch.agent.probe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/** The address family probes resolve and connect over ({@code --ip-family}). */
public enum IpFamily {
  V4("4", "IPv4"),
  V6("6", "IPv6"),
  ANY("any", "IP");

  private final String option;
  private final String label;

  IpFamily(String option, String label) {
    this.option = option;
    this.label = label;
  }

  /** {@code 4}, {@code 6} or {@code any}; IllegalArgumentException "expected 4, 6 or any, got ..." otherwise. */
  public static IpFamily parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (IpFamily family : values()) {
      if (family.option.equals(value)) return family;
    }
    throw new IllegalArgumentException("expected 4, 6 or any, got \"" + text + "\"");
  }

  /** The option's spelling. */
  public String option() {
    return option;
  }

  public boolean allows(InetAddress address) {
    return this == ANY || (this == V4 ? address instanceof Inet4Address : address instanceof Inet6Address);
  }

  /** The addresses of this family; UnknownHostException naming host and family when there are none. */
  List<InetAddress> filter(String host, List<InetAddress> addresses) throws UnknownHostException {
    List<InetAddress> kept = addresses.stream().filter(this::allows).toList();
    if (kept.isEmpty()) throw new UnknownHostException(refusal(host));
    return kept;
  }

  String refusal(String host) {
    return "no " + label + " address for " + host + " (--ip-family " + option + ")";
  }
}
