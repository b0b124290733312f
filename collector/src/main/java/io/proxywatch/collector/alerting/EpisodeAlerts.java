package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeEvent;
import io.proxywatch.collector.divergence.EpisodeEvents;
import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeView;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Alerting's side of the divergence port: each episode event becomes outbox rows in the evaluator's transaction. */
final class EpisodeAlerts implements EpisodeEvents {
  private final NotificationOutbox outbox;
  private final String publicUrl;

  /** publicUrl: where people reach this collector's REST API (for links in notifications); may be empty. */
  EpisodeAlerts(List<Channel> channels, String publicUrl) {
    this.outbox = new NotificationOutbox(channels.stream().map(Channel::id).toList());
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  @Override
  public void emit(Connection connection, EpisodeView episode, EpisodeEvent event) throws SQLException {
    outbox.enqueue(connection, event(episode, event), episode.eventSequence());
  }

  /** The episodes firing now, as the alerts they were notified as. */
  List<AlertEvent> firing(Alerting.FiringEpisodes firing) {
    try {
      return firing.list().stream().map(e -> event(e, EpisodeEvent.FIRING)).toList();
    } catch (SQLException e) {
      throw new IllegalStateException("listing firing episodes: " + e.getMessage(), e);
    }
  }

  NotificationOutbox outbox() {
    return outbox;
  }

  /** Outliers as they were when the episode fired, so every event of one episode names the same alert. */
  AlertEvent event(EpisodeView e, EpisodeEvent event) {
    boolean agent = e.kind().aboutAgent();
    String alertName = switch (e.kind()) {
      case AGENT_OFFLINE -> AlertEvent.AGENT_OFFLINE;
      case AGENT_CLOCK -> AlertEvent.AGENT_CLOCK;
      default -> AlertEvent.DIVERGENCE;
    };
    boolean resolved = event == EpisodeEvent.RESOLVED;
    return new AlertEvent(e.id(), event, alertName, e.kind(),
        agent ? e.agentId() : e.module(), e.version(), e.endpoint(), e.url(), e.alertRegions(), e.majorityRegions(),
        e.majorityFingerprint(), e.regionFingerprints(), e.openedAt(), e.firedAt(), resolved ? e.resolvedAt() : null,
        resolved ? e.convergenceSeconds() : null, e.convergedLastRegion(),
        publicUrl.isEmpty() ? "" : publicUrl + "/api/v1/divergences/" + e.id());
  }
}
