package io.proxywatch.agent.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * The name resolution of one probe: the resolver ({@code --resolver}: the system's or {@link UdpDns}) asked for
 * the URL's host, or for the pinned address when a {@code --connect-to} pin covers it, keeping only the addresses
 * of the {@code --ip-family}.
 */
record ProbeDns(Dns resolver, IpFamily family, HostPin pin) implements Dns {
  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    String name = pin != null && pin.host().equalsIgnoreCase(hostname) ? pin.address() : hostname;
    return family.filter(hostname, resolver.lookup(name));
  }
}
