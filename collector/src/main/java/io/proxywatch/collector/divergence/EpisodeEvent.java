package io.proxywatch.collector.divergence;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What is notified about an episode: that it fired, and that it was resolved. Nothing else reaches a channel. */
public enum EpisodeEvent {
  FIRING, RESOLVED;

  /** The name in the outbox and in every channel's payload. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EpisodeEvent> ofLabel(String label) {
    return Arrays.stream(values()).filter(e -> e.label().equals(label)).findFirst();
  }
}
