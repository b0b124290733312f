package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeEvent;
import io.proxywatch.testkit.Ports;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Events, timings and a migrated database for the alerting tests. */
final class Fixtures {
  static final String SECRET = "test-secret-7f3a";
  static final Instant OPENED = Instant.parse("2026-11-26T09:14:00Z");
  static final Instant FIRED = OPENED.plusSeconds(30);
  static final Instant RESOLVED = OPENED.plusSeconds(252);

  /** Retries within milliseconds, so the tests take seconds. */
  static final AlertingConfig.Timings FAST = new AlertingConfig.Timings(Duration.ofMillis(50), Duration.ofMillis(20),
      Duration.ofMillis(200), Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofMillis(300));

  private Fixtures() {}

  static AlertingConfig webhook(URI url) {
    return new AlertingConfig(List.of(url), SECRET, List.of(), List.of(), FAST);
  }

  static AlertEvent firing(long episode) {
    return firing(episode, EpisodeKind.CONTENT, List.of("frankfurt"), OPENED);
  }

  /** Divergence of {@code kind}: the outliers serve sha256:ab12cd34, tokyo, sao-paulo and los-angeles sha256:cd34ef56. */
  static AlertEvent firing(long episode, EpisodeKind kind, List<String> outliers, Instant opened) {
    Map<String, String> fingerprints = new TreeMap<>(Map.of("tokyo", "200 sha256:cd34ef56", "sao-paulo", "200 sha256:cd34ef56",
        "los-angeles", "200 sha256:cd34ef56"));
    outliers.forEach(region -> fingerprints.put(region, "200 sha256:ab12cd34"));
    return new AlertEvent(episode, EpisodeEvent.FIRING, AlertEvent.DIVERGENCE, kind, "example.com/hello", "v1.0.0", "info",
        "https://proxy.example/example.com/hello/@v/v1.0.0.info", outliers, List.of("tokyo", "sao-paulo", "los-angeles"),
        "200 sha256:cd34ef56", fingerprints, opened, opened.plusSeconds(30), null, null, "",
        "http://collector.example:8080/api/v1/divergences/" + episode);
  }

  static AlertEvent resolved(long episode) {
    return resolved(firing(episode), RESOLVED);
  }

  /** The same episode converged at {@code at}, frankfurt last. */
  static AlertEvent resolved(AlertEvent f, Instant at) {
    return new AlertEvent(f.episodeId(), EpisodeEvent.RESOLVED, f.alertName(), f.kind(), f.module(), f.version(), f.endpoint(),
        f.url(), f.outlierRegions(), f.majorityRegions(), f.majorityFingerprint(), f.regionFingerprints(), f.openedAt(),
        f.firedAt(), at, (double) Duration.between(f.openedAt(), at).toSeconds(), "frankfurt", f.detailUrl());
  }

  /** Enqueues in a transaction of its own, commits, then wakes the notifier, as the detector does. */
  static void enqueue(DataSource db, Alerting alerting, AlertEvent event, int sequence) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      alerting.outbox().enqueue(c, event, sequence);
      c.commit();
    }
    alerting.wake();
  }

  static long count(DataSource db, String where) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM notification_outbox WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

}
