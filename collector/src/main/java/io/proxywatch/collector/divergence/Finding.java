package io.proxywatch.collector.divergence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a ground-truth rule found now for one key (kind, proxy, module, version, endpoint): the regions at fault,
 * what was expected ({@code expected}: the database's h1, or the fork's proof), what each region showed, and for
 * each faulty region the record that showed it.
 */
record Finding(EpisodeKind kind, String proxy, String module, String version, String endpoint, String url,
               String expected, List<String> regions, Map<String, String> observed, List<Evidence> evidence,
               Map<String, Instant> since) {
  /** One region's record: its fingerprint (observed h1, or size/root of a head), agent, sequence and URL. */
  record Evidence(String region, String fingerprint, Instant time, String agentId, long sequence, String url) {}

  String key() {
    return key(kind, proxy, module, version, endpoint);
  }

  static String key(EpisodeKind kind, String proxy, String module, String version, String endpoint) {
    return String.join("\u0000", kind.label(), proxy, module, version, endpoint);
  }
}
