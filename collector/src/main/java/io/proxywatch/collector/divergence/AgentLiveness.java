package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import io.proxywatch.collector.logging.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens an {@link AgentOutage} for every agent silent since the freshness window began, and resolves it when heard. */
final class AgentLiveness {
  private static final Logger logger = LoggerFactory.getLogger(AgentLiveness.class);

  private final EpisodeStore store;
  private final EpisodeEvents events;

  AgentLiveness(EpisodeStore store, EpisodeEvents events) {
    this.store = store;
    this.events = events;
  }

  /** Returns how many events it emitted, inside the caller's transaction. */
  int check(Connection c, Instant silentSince, Instant now) throws SQLException {
    Map<String, String> silent = store.silentAgents(c, silentSince);
    Map<String, AgentOutage> open = store.openOutages(c);
    int emitted = 0;
    for (Map.Entry<String, String> agent : silent.entrySet()) {
      if (open.containsKey(agent.getKey())) continue;
      emitted += save(c, AgentOutage.open(agent.getKey(), agent.getValue(), now), EpisodeEvent.FIRING);
    }
    for (AgentOutage outage : open.values()) {
      if (silent.containsKey(outage.agentId())) continue;
      outage.resolve(now);
      emitted += save(c, outage, EpisodeEvent.RESOLVED);
    }
    return emitted;
  }

  private int save(Connection c, AgentOutage outage, EpisodeEvent event) throws SQLException {
    outage.assignId(store.save(c, outage.view()));
    EpisodeView view = outage.view();
    try (LogFields fields = LogFields.episode(view.id()).with(LogFields.AGENT_ID, view.agentId())) {
      logger.info("episode {} {}: agent_offline agent {} region {}", view.id(), event.label(), view.agentId(),
          view.outlierRegions());
    }
    events.emit(c, view, event);
    return 1;
  }
}
