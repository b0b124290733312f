package io.proxywatch.collector.divergence;

import java.util.List;
import java.util.Optional;

/** A page of episodes, newest first, and the id to continue before (empty on the last page). */
public record EpisodePage(List<EpisodeView> episodes, Optional<Long> nextCursor) {
  public EpisodePage {
    episodes = List.copyOf(episodes);
  }
}
