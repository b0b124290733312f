package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An agent that has sent nothing for longer than the freshness window. It fires when opened (the window already
 * waited three probe intervals) and is resolved, and notified, when the agent is heard from again:
 * <pre>  (silent) --open--> firing --resolve--> resolved</pre>
 */
final class AgentOutage {
  private long id;
  private final String agentId;
  private final String region;
  private final Instant openedAt;
  private EpisodeState state;
  private Instant resolvedAt;
  private int eventSequence;

  private AgentOutage(long id, String agentId, String region, Instant openedAt, EpisodeState state, int eventSequence) {
    this.id = id;
    this.agentId = Objects.requireNonNull(agentId, "agentId");
    this.region = Objects.requireNonNull(region, "region");
    this.openedAt = Objects.requireNonNull(openedAt, "openedAt");
    this.state = state;
    this.eventSequence = eventSequence;
  }

  static AgentOutage open(String agentId, String region, Instant now) {
    return new AgentOutage(0, agentId, region, now, EpisodeState.FIRING, 1);
  }

  static AgentOutage restore(EpisodeView stored) {
    if (stored.kind() != EpisodeKind.AGENT_OFFLINE || stored.agentId() == null) {
      throw new IllegalArgumentException("episode " + stored.id() + " is not an agent outage");
    }
    String region = stored.outlierRegions().isEmpty() ? "" : stored.outlierRegions().get(0);
    return new AgentOutage(stored.id(), stored.agentId(), region, stored.openedAt(), stored.state(),
        stored.eventSequence());
  }

  /** The agent was heard from again. */
  void resolve(Instant now) {
    if (state != EpisodeState.FIRING) {
      throw new IllegalStateException("agent outage " + id + " (" + agentId + ") is " + state.label() + ", not firing");
    }
    state = EpisodeState.RESOLVED;
    resolvedAt = now;
    eventSequence++;
  }

  String agentId() {
    return agentId;
  }

  void assignId(long value) {
    id = value;
  }

  EpisodeView view() {
    boolean resolved = state == EpisodeState.RESOLVED;
    List<String> regions = region.isEmpty() ? List.of() : List.of(region);
    return new EpisodeView(id, EpisodeKind.AGENT_OFFLINE, "", "", "", "", agentId, state, openedAt, openedAt,
        resolved ? resolvedAt : null, resolvedAt, openedAt, 1, "", "", List.of(), regions, regions, Map.of(),
        resolved && !region.isEmpty() ? region : null,
        resolved ? Duration.between(openedAt, resolvedAt).toMillis() / 1000.0 : null, 0, eventSequence, "", Map.of(),
        null, Map.of(), 0);
  }
}
