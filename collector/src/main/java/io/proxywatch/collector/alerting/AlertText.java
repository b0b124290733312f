package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.proto.EndpointKinds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The words a person reads, shared by Slack and the Alertmanager annotations; plain text, no markup. */
final class AlertText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private AlertText() {}

  static boolean isAgentAlert(AlertEvent e) {
    return e.alertName().equals(AlertEvent.AGENT_OFFLINE) || e.kind().aboutAgent();
  }

  static boolean isRegionAlert(AlertEvent e) {
    return e.kind() == EpisodeKind.REGION_DEGRADED;
  }

  /** "Divergence firing", "Agent back online", ... */
  static String headline(AlertEvent e) {
    if (e.kind() == EpisodeKind.AGENT_CLOCK) return e.isFiring() ? "Agent clock off" : "Agent clock back in bounds";
    if (isAgentAlert(e)) return e.isFiring() ? "Agent offline" : "Agent back online";
    if (isRegionAlert(e)) return e.isFiring() ? "Region degraded" : "Region recovered";
    return e.isFiring() ? "Divergence firing" : "Divergence resolved";
  }

  /** What was probed: {@code example.com/hello@v1.0.0 .info}; empty for agent alerts. */
  static String target(AlertEvent e) {
    String module = e.version().isEmpty() ? e.module() : e.module() + "@" + e.version();
    String endpoint = EndpointKinds.parse(e.endpoint()).map(EndpointKinds::label).orElse("");
    return (module + " " + endpoint).trim();
  }

  /** The sentence after the target: who serves what, or how it converged. */
  static String detail(AlertEvent e, Clock clock) {
    if (isAgentAlert(e)) return agentDetail(e, clock);
    if (isRegionAlert(e)) return regionDetail(e, clock);
    if (!e.isFiring()) return what(e) + " converged" + after(e) + lastRegion(e);
    return what(e) + " differs: " + whoServesWhat(e) + " (since " + time(e.openedAt(), clock) + ")";
  }

  /** One line without markup, e.g. for an Alertmanager summary. */
  static String summary(AlertEvent e, Clock clock) {
    String target = target(e);
    return headline(e) + ": " + (target.isEmpty() ? "" : target + " — ") + detail(e, clock);
  }

  /** Every region's fingerprint, one per line. */
  static String fingerprints(AlertEvent e) {
    List<String> lines = new ArrayList<>();
    e.regionFingerprints().forEach((region, fingerprint) -> lines.add(region + ": " + fingerprint));
    return String.join("\n", lines);
  }

  private static String agentDetail(AlertEvent e, Clock clock) {
    String regions = String.join(", ", e.outlierRegions());
    if (e.kind() == EpisodeKind.AGENT_CLOCK) {
      return e.isFiring() ? "the clock of " + e.module() + " (" + regions + ") is off (since " + time(e.openedAt(), clock) + ")"
          : "the clock of " + e.module() + " (" + regions + ") is back within bounds" + after(e);
    }
    if (e.isFiring()) return "no samples from " + regions + " (since " + time(e.openedAt(), clock) + ")";
    return regions + " is sending samples again" + after(e);
  }

  /** "tokyo fails 33 of 40 targets (timeout 31, 5xx 2) since 09:14 UTC", or how long it lasted. */
  private static String regionDetail(AlertEvent e, Clock clock) {
    String region = String.join(", ", e.outlierRegions());
    if (!e.isFiring()) return region + " answers again" + after(e);
    int failing = e.failures().values().stream().mapToInt(Integer::intValue).sum();
    List<String> mix = new ArrayList<>();
    e.failures().forEach((failure, count) -> mix.add(failure + " " + count));
    return region + " fails " + failing + " of " + e.regionTargets() + " targets (" + String.join(", ", mix) + ") since "
        + time(e.openedAt(), clock);
  }

  private static String what(AlertEvent e) {
    return e.kind() == EpisodeKind.ETAG ? "ETag" : e.kind().label();
  }

  /** "frankfurt serves A, sydney serves B while tokyo, sao-paulo serve C". */
  static String whoServesWhat(AlertEvent e) {
    Map<String, List<String>> byFingerprint = new LinkedHashMap<>();
    for (String region : e.outlierRegions()) {
      byFingerprint.computeIfAbsent(e.regionFingerprints().getOrDefault(region, ""), k -> new ArrayList<>()).add(region);
    }
    List<String> parts = new ArrayList<>();
    byFingerprint.forEach((fingerprint, regions) -> parts.add(serve(regions, fingerprint)));
    String outliers = parts.isEmpty() ? "some regions differ" : String.join(", ", parts);
    if (e.majorityRegions().isEmpty()) return outliers;
    return outliers + " while " + serve(e.majorityRegions(), e.majorityFingerprint());
  }

  private static String serve(List<String> regions, String fingerprint) {
    if (fingerprint.isEmpty()) return String.join(", ", regions) + (regions.size() == 1 ? " differs" : " differ");
    return String.join(", ", regions) + (regions.size() == 1 ? " serves " : " serve ") + fingerprint;
  }

  private static String after(AlertEvent e) {
    return e.convergenceSeconds() == null ? "" : " after " + duration(e.convergenceSeconds());
  }

  private static String lastRegion(AlertEvent e) {
    return e.convergedLastRegion().isEmpty() ? "" : "; last region to converge: " + e.convergedLastRegion();
  }

  /** 4m12s, 1h0m5s, 12s, 400ms. */
  static String duration(double seconds) {
    if (seconds < 1) return Math.round(seconds * 1000) + "ms";
    long s = Math.round(seconds);
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m" + s % 60 + "s";
    return s / 3600 + "h" + s % 3600 / 60 + "m" + s % 60 + "s";
  }

  /** 09:14 UTC today, or with the date when it was another day. */
  static String time(Instant instant, Clock clock) {
    if (instant == null) return "an unknown time";
    boolean today = instant.atZone(ZoneOffset.UTC).toLocalDate().equals(clock.instant().atZone(ZoneOffset.UTC).toLocalDate());
    return (today ? TIME : DATE_TIME).format(instant);
  }
}
