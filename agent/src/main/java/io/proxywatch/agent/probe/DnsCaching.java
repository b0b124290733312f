package io.proxywatch.agent.probe;

import java.security.Security;

/**
 * Turns off the JVM's DNS cache so that every probe resolves the proxy's name, as a first-time client
 * does. The JVM reads these properties once, when name resolution is first used: call this before that.
 */
public final class DnsCaching {
  private DnsCaching() {}

  public static void disable() {
    Security.setProperty("networkaddress.cache.ttl", "0");
    Security.setProperty("networkaddress.cache.negative.ttl", "0");
  }
}
