package io.proxywatch.collector.divergence;

import io.proxywatch.collector.alerting.AlertEvent;
import io.proxywatch.collector.alerting.NotificationOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/** Turns episode changes into notification events in the evaluator's transaction, and lists what is firing. */
public final class AlertBridge implements EventSink {
  private final NotificationOutbox outbox;
  private final String publicUrl;

  /** publicUrl: where people reach this collector's REST API (for links in notifications); may be empty. */
  public AlertBridge(NotificationOutbox outbox, String publicUrl) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  @Override
  public void emit(Connection connection, EpisodeView episode, String event) throws SQLException {
    outbox.enqueue(connection, event(episode, event), episode.eventSequence());
  }

  /** Outliers as they were when the episode fired, so every event of one episode names the same alert. */
  AlertEvent event(EpisodeView e, String event) {
    boolean agent = e.agentId() != null;
    return new AlertEvent(e.id(), event, agent ? AlertEvent.AGENT_OFFLINE : AlertEvent.DIVERGENCE, e.kind(),
        agent ? e.agentId() : e.module(), e.version(), e.endpoint(), e.url(),
        e.alertOutlierRegions().isEmpty() ? e.outlierRegions() : e.alertOutlierRegions(), e.majorityRegions(),
        e.majorityFingerprint(), e.regionFingerprints(), e.openedAt(), e.firedAt(),
        event.equals(AlertEvent.RESOLVED) ? e.resolvedAt() : null,
        event.equals(AlertEvent.RESOLVED) ? e.convergenceSeconds() : null, e.convergedLastRegion(),
        publicUrl.isEmpty() ? "" : publicUrl + "/api/v1/divergences/" + e.id());
  }

  /** Episodes that have fired and are not resolved yet (firing, or converged within the cool-down). */
  public List<AlertEvent> firing(DataSource dataSource) {
    List<AlertEvent> events = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT * FROM divergence_episodes WHERE state IN ('firing', 'converged')");
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) events.add(event(EpisodeView.of(EpisodeStore.episode(rs), Map.of()), AlertEvent.FIRING));
    } catch (SQLException e) {
      throw new IllegalStateException("listing firing episodes: " + e.getMessage(), e);
    }
    return events;
  }
}
