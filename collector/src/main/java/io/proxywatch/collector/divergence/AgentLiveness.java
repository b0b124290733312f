package io.proxywatch.collector.divergence;

import io.proxywatch.collector.logging.LogFields;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link AgentEpisode} of a kind open for every agent a rule names, and resolves it when the rule no
 * longer does: agents silent since the freshness window began ({@code agent_offline}), agents whose clock is off by
 * more than the bound ({@code agent_clock}).
 */
final class AgentLiveness {
  private static final Logger logger = LoggerFactory.getLogger(AgentLiveness.class);

  private final EpisodeStore store;
  private final EpisodeEvents events;

  AgentLiveness(EpisodeStore store, EpisodeEvents events) {
    this.store = store;
    this.events = events;
  }

  /** {@code named}: agent id to region of the agents the rule names now. Returns how many events it emitted. */
  int check(Connection c, EpisodeKind kind, Map<String, String> named, Instant now) throws SQLException {
    Map<String, AgentEpisode> open = store.openAgentEpisodes(c, kind);
    int emitted = 0;
    for (Map.Entry<String, String> agent : named.entrySet()) {
      if (open.containsKey(agent.getKey())) continue;
      emitted += save(c, AgentEpisode.open(kind, agent.getKey(), agent.getValue(), now), EpisodeEvent.FIRING);
    }
    for (AgentEpisode episode : open.values()) {
      if (named.containsKey(episode.agentId())) continue;
      episode.resolve(now);
      emitted += save(c, episode, EpisodeEvent.RESOLVED);
    }
    return emitted;
  }

  private int save(Connection c, AgentEpisode episode, EpisodeEvent event) throws SQLException {
    episode.assignId(store.save(c, episode.view()));
    EpisodeView view = episode.view();
    LogFields.episode(view.id()).with(LogFields.AGENT_ID, view.agentId()).run(() -> logger.info(
        "episode {} {}: {} agent {} region {}", view.id(), event.label(), view.kind().label(), view.agentId(),
        view.outlierRegions()));
    events.emit(c, view, event);
    return 1;
  }
}
