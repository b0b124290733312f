package io.proxywatch.collector.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.divergence.EpisodeEvent;
import io.proxywatch.collector.divergence.EpisodeEvents;
import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeView;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerting's side of the divergence port: each episode event becomes outbox rows in the evaluator's transaction. */
final class EpisodeAlerts implements EpisodeEvents {
  private static final Logger logger = LoggerFactory.getLogger(EpisodeAlerts.class);

  private final NotificationOutbox outbox;
  private final String publicUrl;
  private final MeterRegistry meters;

  /** publicUrl: where people reach this collector's REST API (for links in notifications); may be empty. */
  EpisodeAlerts(List<Channel> channels, String publicUrl, MeterRegistry meters) {
    this.meters = meters;
    Map<String, Route> routes = new LinkedHashMap<>();
    channels.forEach(channel -> routes.put(channel.id(), channel.route()));
    this.outbox = new NotificationOutbox(routes);
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** Suppressed events (grouped, silenced) are recorded instead of queued; the rest go to the channels they route to. */
  @Override
  public void emit(Connection connection, EpisodeView episode, EpisodeEvent event) throws SQLException {
    Instant at = at(episode, event);
    Optional<Suppressions.Reason> suppressed = Suppressions.of(connection, episode, event, at);
    if (suppressed.isPresent()) {
      Suppressions.record(connection, episode.id(), event, suppressed.get(), at);
      meters.counter("proxywatch_notifications_suppressed", "reason", suppressed.get().reason()).increment();
      logger.info("episode {} {} not notified: {}{}", episode.id(), event.label(), suppressed.get().reason(),
          suppressed.get().silenceId() == null ? " under regional incident " + episode.parentId()
              : " by silence " + suppressed.get().silenceId());
      return;
    }
    outbox.enqueue(connection, event(episode, event), episode.eventSequence());
  }

  private static Instant at(EpisodeView e, EpisodeEvent event) {
    Instant at = event == EpisodeEvent.FIRING ? e.firedAt() : e.resolvedAt();
    return at != null ? at : Instant.now();
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
    boolean resolved = event == EpisodeEvent.RESOLVED;
    return new AlertEvent(e.id(), event, alertName(e.kind()), e.kind(),
        agent ? e.agentId() : e.module(), e.version(), e.endpoint(), e.url(), e.alertRegions(), e.majorityRegions(),
        e.majorityFingerprint(), e.regionFingerprints(), e.openedAt(), e.firedAt(), resolved ? e.resolvedAt() : null,
        resolved ? e.convergenceSeconds() : null, e.convergedLastRegion(),
        publicUrl.isEmpty() ? "" : publicUrl + "/api/v1/divergences/" + e.id(), e.failures(), e.regionTargets());
  }

  private static String alertName(EpisodeKind kind) {
    return switch (kind) {
      case AGENT_OFFLINE -> AlertEvent.AGENT_OFFLINE;
      case REGION_DEGRADED -> AlertEvent.REGION_DEGRADED;
      case AGENT_CLOCK -> AlertEvent.AGENT_CLOCK;
      default -> AlertEvent.DIVERGENCE;
    };
  }
}
