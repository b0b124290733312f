package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeEvent;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The notifier's statements on notification_outbox. All times are the database's clock. */
final class OutboxRows {
  /** A row claimed for delivery; its lock lasts until the claiming transaction ends. */
  record Claimed(long id, AlertEvent event, int attempts, Duration age) {}

  private static final String PENDING = "delivered_at IS NULL AND failed_at IS NULL";

  // The oldest due row of the channel whose episode has no earlier row still pending on it: firing is
  // always delivered (or given up on) before resolved. SKIP LOCKED: rows another notifier holds are skipped.
  private static final String CLAIM = """
      SELECT o.id, o.payload, o.attempts, extract(epoch FROM clock_timestamp() - o.created_at)
      FROM notification_outbox o
      WHERE o.channel = ? AND o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= clock_timestamp()
        AND NOT EXISTS (SELECT 1 FROM notification_outbox p
                        WHERE p.episode_id = o.episode_id AND p.channel = o.channel AND p.id < o.id
                          AND p.delivered_at IS NULL AND p.failed_at IS NULL)
      ORDER BY o.id LIMIT 1
      FOR UPDATE OF o SKIP LOCKED""";

  private OutboxRows() {}

  static Optional<Claimed> claim(Connection c, String channel) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setString(1, channel);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        AlertEvent event = AlertEventJson.fromJson(new JsonObject(rs.getString(2)));
        return Optional.of(new Claimed(rs.getLong(1), event, rs.getInt(3), Duration.ofMillis(Math.round(rs.getDouble(4) * 1000))));
      }
    }
  }

  /** Marks the row delivered now; returns the time since its creation. */
  static Duration delivered(Connection c, long id) throws SQLException {
    String sql = "UPDATE notification_outbox SET delivered_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ?"
        + " RETURNING extract(epoch FROM delivered_at - created_at)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return Duration.ofNanos(Math.round(rs.getDouble(1) * 1e9));
      }
    }
  }

  static void reschedule(Connection c, long id, String error, Duration delay) throws SQLException {
    String sql = "UPDATE notification_outbox SET attempts = attempts + 1, last_error = ?,"
        + " next_attempt_at = clock_timestamp() + make_interval(secs => ?) WHERE id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, error);
      s.setDouble(2, delay.toMillis() / 1000.0);
      s.setLong(3, id);
      s.executeUpdate();
    }
  }

  static void failed(Connection c, long id, String error) throws SQLException {
    String sql = "UPDATE notification_outbox SET attempts = attempts + 1, last_error = ?, failed_at = clock_timestamp() WHERE id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, error);
      s.setLong(2, id);
      s.executeUpdate();
    }
  }

  /** The channels with at least one row due now. */
  static List<String> dueChannels(Connection c) throws SQLException {
    String sql = "SELECT DISTINCT channel FROM notification_outbox WHERE " + PENDING + " AND next_attempt_at <= clock_timestamp()";
    List<String> channels = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      while (rs.next()) channels.add(rs.getString(1));
    }
    return channels;
  }

  /**
   * Of these episodes, those whose latest row on the channel is a firing event: the alerts this channel was told of
   * and not yet told are over. Episodes routed elsewhere, silenced or grouped have no row and are never re-sent here.
   */
  static Set<Long> firingOn(Connection c, String channel, List<Long> episodes) throws SQLException {
    String sql = "SELECT episode_id, event FROM (SELECT DISTINCT ON (episode_id) episode_id, event FROM notification_outbox"
        + " WHERE channel = ? AND episode_id = ANY(?) ORDER BY episode_id, id DESC) latest WHERE event = ?";
    Set<Long> firing = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, channel);
      s.setArray(2, c.createArrayOf("bigint", episodes.toArray()));
      s.setString(3, EpisodeEvent.FIRING.label());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) firing.add(rs.getLong(1));
      }
    }
    return firing;
  }

  /** Gives up on old rows of channels this collector no longer has (their URL was removed or changed). */
  static int expireOrphans(Connection c, List<String> channels, Duration maxAge) throws SQLException {
    String sql = "UPDATE notification_outbox SET failed_at = clock_timestamp(), last_error = 'channel no longer configured'"
        + " WHERE " + PENDING + " AND NOT (channel = ANY(?)) AND created_at < clock_timestamp() - make_interval(secs => ?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("text", channels.toArray()));
      s.setDouble(2, maxAge.toSeconds());
      return s.executeUpdate();
    }
  }
}
