package io.proxywatch.common;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded labels of probe metrics, the same on the agent and the collector: region, endpoint class, proxy
 * and outcome, never a URL or a module. Regions and proxies come from configuration, but a hostile or mistaken
 * one must not grow a time series per value, so each instance lets through a fixed number of distinct values and
 * names every later one {@link #OTHER}.
 */
public final class ProbeLabels {
  public static final String OTHER = "other";
  /** The proxy label of samples probed below the agent's own {@code --proxy} (an empty proxy name). */
  public static final String DEFAULT_PROXY = "default";
  public static final int MAX_PROXIES = 16;
  public static final int MAX_REGIONS = 64;
  /** Buckets of the TTFB histograms, agent and collector alike: 5 ms (a warm edge) to 60 s (a cold proxy fetch). */
  public static final List<Duration> TTFB_BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60));

  private final Set<String> regions = ConcurrentHashMap.newKeySet();
  private final Set<String> proxies = ConcurrentHashMap.newKeySet();

  /** The outcome: ok (a 1xx-3xx answer), http_4xx, http_5xx, or the failure class (timeout, connect, dns, tls, http, protocol). */
  public static String outcome(int httpStatus, String errorClass) {
    String failure = errorClass.toLowerCase(Locale.ROOT).replace("error_class_", "");
    if (!failure.isEmpty() && !failure.equals("none")) return failure;
    if (httpStatus >= 500) return "http_5xx";
    return httpStatus >= 400 ? "http_4xx" : "ok";
  }

  /** list, info, mod, zip or latest, from the endpoint's enum name ({@code ENDPOINT_KIND_LIST} or {@code LIST}). */
  public static String endpoint(String endpointKind) {
    return endpointKind.toLowerCase(Locale.ROOT).replace("endpoint_kind_", "");
  }

  public String region(String region) {
    return bounded(regions, MAX_REGIONS, region);
  }

  /** The proxy as the target set names it, {@link #DEFAULT_PROXY} for the agent's own. */
  public String proxy(String proxy) {
    return bounded(proxies, MAX_PROXIES, proxy.isEmpty() ? DEFAULT_PROXY : proxy);
  }

  private static String bounded(Set<String> seen, int max, String value) {
    if (seen.contains(value)) return value;
    synchronized (seen) {
      if (seen.size() >= max) return OTHER;
      seen.add(value);
      return value;
    }
  }
}
