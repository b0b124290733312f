package io.proxywatch.agent.probe;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The rule for a GOPROXY base URL, for --proxy and pushed targets alike: http or https with a host, no
 * credentials (they would be logged and travel in every sample's URL), query or fragment.
 */
public final class ProxyUrls {
  /** The contract's limit on a pushed proxy URL. */
  public static final int MAX_LENGTH = 1024;

  private ProxyUrls() {}

  public static boolean valid(URI uri) {
    return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
        && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
  }

  /** {@code text} without a trailing slash; IllegalArgumentException saying what is wrong otherwise. */
  public static String check(String text) {
    String problem = "proxy: expected an http or https URL of at most " + MAX_LENGTH
        + " characters without credentials, query or fragment";
    if (text.length() > MAX_LENGTH) throw new IllegalArgumentException(problem + ", got " + text.length() + " characters");
    try {
      if (!valid(new URI(text))) throw new IllegalArgumentException(problem + ", got \"" + redact(text) + "\"");
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem + ", got \"" + redact(text) + "\"", e);
    }
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String redact(String text) {
    return text.replaceFirst("//[^/@]*@", "//***@");
  }
}
