package io.proxywatch.collector.alerting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the divergence detector records alert events: one row per configured channel, written in the caller's
 * transaction so the notification exists if and only if the change that caused it commits.
 */
public final class NotificationOutbox {
  private static final String INSERT = "INSERT INTO notification_outbox (episode_id, event, event_sequence, channel, payload)"
      + " VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT (episode_id, event, event_sequence, channel) DO NOTHING";

  private final Map<String, Route> routes;

  /** Channels that get every event. */
  NotificationOutbox(List<String> channels) {
    this(channels.stream().collect(Collectors.<String, String, Route, Map<String, Route>>toMap(id -> id, id -> Route.ALL,
        (a, b) -> a, LinkedHashMap::new)));
  }

  /** Channels by id, each getting the events its route accepts. */
  NotificationOutbox(Map<String, Route> routes) {
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
  }

  /**
   * Inserts one row per configured channel whose route accepts this event, in the CALLER's transaction (the connection is not
   * committed or closed here). Idempotent per (episodeId, event, eventSequence, channel): inserting the same
   * again is a no-op. With no channels configured it does nothing. Call {@link Notifier#wake()} after the commit.
   */
  public void enqueue(Connection connection, AlertEvent event, int eventSequence) throws SQLException {
    List<String> channels = routes.entrySet().stream().filter(r -> r.getValue().accepts(event)).map(Map.Entry::getKey).toList();
    if (channels.isEmpty()) return;
    String payload = AlertEventJson.toJson(event).encode();
    try (PreparedStatement s = connection.prepareStatement(INSERT)) {
      for (String channel : channels) {
        s.setLong(1, event.episodeId());
        s.setString(2, event.event().label());
        s.setInt(3, eventSequence);
        s.setString(4, channel);
        s.setString(5, payload);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The channel ids rows are written for (kind:host:hash, never a URL). */
  public List<String> channels() {
    return List.copyOf(routes.keySet());
  }
}
