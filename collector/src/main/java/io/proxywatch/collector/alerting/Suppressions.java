package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeEvent;
import io.proxywatch.collector.divergence.EpisodeView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, in the evaluator's transaction, whether an event reaches no channel, and records why in
 * suppressed_notifications: a firing is {@code grouped} when a regional incident explains the episode, else
 * {@code silenced} by the first silence active at the firing that matches it; a resolved event is suppressed exactly
 * when its episode's firing was (no channel hears of an end without a start, and none misses the end of a start).
 */
final class Suppressions {
  static final String GROUPED = "grouped";
  static final String SILENCED = "silenced";

  record Reason(String reason, Long silenceId) {}

  private Suppressions() {}

  static Optional<Reason> of(Connection c, EpisodeView e, EpisodeEvent event, Instant at) throws SQLException {
    if (event == EpisodeEvent.RESOLVED) return firingSuppressed(c, e.id());
    if (e.parentId() != null) return Optional.of(new Reason(GROUPED, null));
    return SilenceStore.activeAt(c, at).stream().filter(s -> s.matches(e)).findFirst()
        .map(s -> new Reason(SILENCED, s.id()));
  }

  static void record(Connection c, long episodeId, EpisodeEvent event, Reason reason, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO suppressed_notifications (episode_id, event, reason,"
        + " silence_id, at) VALUES (?, ?, ?, ?, ?)")) {
      s.setLong(1, episodeId);
      s.setString(2, event.label());
      s.setString(3, reason.reason());
      s.setObject(4, reason.silenceId(), java.sql.Types.BIGINT);
      s.setTimestamp(5, Timestamp.from(at));
      s.executeUpdate();
    }
  }

  private static Optional<Reason> firingSuppressed(Connection c, long episodeId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT reason, silence_id FROM suppressed_notifications"
        + " WHERE episode_id = ? AND event = 'firing' ORDER BY id DESC LIMIT 1")) {
      s.setLong(1, episodeId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(new Reason(rs.getString(1), rs.getObject(2, Long.class))) : Optional.empty();
      }
    }
  }
}
