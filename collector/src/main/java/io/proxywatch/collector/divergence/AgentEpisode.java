package io.proxywatch.collector.divergence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An episode about one agent rather than a target: {@code agent_offline} (it has sent nothing for longer than the
 * freshness window, which already waited three probe intervals) or {@code agent_clock} (its clock is off by more
 * than the bound). It fires when opened and is resolved, and notified, when the condition ends:
 * <pre>  (condition) --open--> firing --resolve--> resolved</pre>
 */
final class AgentEpisode {
  private long id;
  private final EpisodeKind kind;
  private final String agentId;
  private final String region;
  private final Instant openedAt;
  private EpisodeState state;
  private Instant resolvedAt;
  private int eventSequence;

  private AgentEpisode(long id, EpisodeKind kind, String agentId, String region, Instant openedAt, EpisodeState state,
                       int eventSequence) {
    this.id = id;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.agentId = Objects.requireNonNull(agentId, "agentId");
    this.region = Objects.requireNonNull(region, "region");
    this.openedAt = Objects.requireNonNull(openedAt, "openedAt");
    this.state = state;
    this.eventSequence = eventSequence;
  }

  static AgentEpisode open(EpisodeKind kind, String agentId, String region, Instant now) {
    if (!kind.aboutAgent()) throw new IllegalArgumentException(kind.label() + " is not an agent episode kind");
    return new AgentEpisode(0, kind, agentId, region, now, EpisodeState.FIRING, 1);
  }

  static AgentEpisode restore(EpisodeView stored) {
    if (!stored.kind().aboutAgent() || stored.agentId() == null) {
      throw new IllegalArgumentException("episode " + stored.id() + " is not about an agent");
    }
    String region = stored.outlierRegions().isEmpty() ? "" : stored.outlierRegions().get(0);
    return new AgentEpisode(stored.id(), stored.kind(), stored.agentId(), region, stored.openedAt(), stored.state(),
        stored.eventSequence());
  }

  /** The condition is over: the agent was heard from again, or its clock is back within the bound. */
  void resolve(Instant now) {
    if (state != EpisodeState.FIRING) {
      throw new IllegalStateException(kind.label() + " episode " + id + " (" + agentId + ") is " + state.label()
          + ", not firing");
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
    return new EpisodeView(id, kind, "", "", "", "", agentId, state, openedAt, openedAt,
        resolved ? resolvedAt : null, resolvedAt, openedAt, 1, "", "", List.of(), regions, regions, Map.of(),
        resolved && !region.isEmpty() ? region : null,
        resolved ? Duration.between(openedAt, resolvedAt).toMillis() / 1000.0 : null, 0, eventSequence, "", Map.of(),
        null, Map.of(), 0);
  }
}
