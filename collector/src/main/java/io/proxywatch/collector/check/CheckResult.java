package io.proxywatch.collector.check;

import java.time.Instant;
import java.util.List;

/**
 * A check's table: what every region was served for every probe, whether the regions agree on each endpoint, and
 * which agents stayed silent. {@code complete} once every agent answered every probe, or at the deadline.
 */
public record CheckResult(String id, String module, String version, List<String> proxies, Instant createdAt,
                          Instant deadline, boolean complete, List<String> agents, List<String> silentAgents,
                          List<Row> rows, List<Agreement> agreement) {
  public CheckResult {
    proxies = List.copyOf(proxies);
    agents = List.copyOf(agents);
    silentAgents = List.copyOf(silentAgents);
    rows = List.copyOf(rows);
    agreement = List.copyOf(agreement);
  }

  /** One probe's answer; {@code ttfbMs} null when no first byte came. */
  public record Row(String region, String agentId, String proxy, String endpoint, String url, int status, Double ttfbMs,
                    String etag, String contentSha256, String error, Instant time) {}

  /** Whether all regions that answered agree on the ETag and the content of one endpoint through one proxy. */
  public record Agreement(String proxy, String endpoint, boolean etagAgrees, boolean contentAgrees, boolean statusAgrees) {}
}
