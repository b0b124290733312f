package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One divergence episode (or one silent agent) as the evaluator moves it through its states. */
final class Episode {
  long id;
  String kind;
  String module = "";
  String version = "";
  String endpoint = "";
  String url = "";
  String agentId;
  String state = "pending";
  Instant openedAt;
  Instant firedAt;
  Instant convergedAt;
  Instant resolvedAt;
  Instant lastDisagreementAt;
  int rounds = 1;
  String roundMarker = "";
  String majorityFingerprint = "";
  List<String> majorityRegions = List.of();
  List<String> outlierRegions = List.of();
  List<String> alertOutlierRegions = List.of();
  String convergedLastRegion;
  Double convergenceSeconds;
  int reopened;
  int eventSequence;

  static Episode opened(Comparison c, Instant now) {
    Episode e = new Episode();
    e.module = c.target().module();
    e.version = c.target().version();
    e.endpoint = c.target().endpoint();
    e.url = c.url();
    e.openedAt = c.decidedAt().isBefore(now) ? c.decidedAt() : now;
    e.roundMarker = c.roundMarker();
    e.disagree(c, now);
    return e;
  }

  void disagree(Comparison c, Instant now) {
    kind = c.kind().label();
    majorityFingerprint = c.majority().display();
    majorityRegions = c.majorityRegions();
    outlierRegions = c.outlierRegions();
    lastDisagreementAt = now;
    if (!c.roundMarker().equals(roundMarker)) {
      rounds++;
      roundMarker = c.roundMarker();
    }
  }

  void converge(Instant at, String lastRegion) {
    convergedAt = at;
    convergedLastRegion = lastRegion;
    convergenceSeconds = Duration.between(openedAt, at).toMillis() / 1000.0;
  }

  TargetKey target() {
    return new TargetKey(module, version, endpoint);
  }

  boolean open() {
    return !state.equals("resolved");
  }
}
