package io.proxywatch.collector.divergence;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where an episode is in its life: {@code pending} (disagreeing, grace not over), {@code firing} (notified),
 * {@code converged} (agreeing again, cool-down running) and {@code resolved} (over; never changes again).
 * The transitions themselves live on {@link Episode}.
 */
public enum EpisodeState {
  PENDING, FIRING, CONVERGED, RESOLVED;

  /** The name stored in the database and shown by the API. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Throws unless this is one of {@code allowed}: an impossible transition is a bug found at once, never a wrong row. */
  void require(String what, EpisodeState... allowed) {
    for (EpisodeState s : allowed) if (this == s) return;
    throw new IllegalStateException(what + " is " + label() + "; this step needs " + java.util.List.of(allowed));
  }

  public boolean open() {
    return this != RESOLVED;
  }

  static EpisodeState ofLabel(String label) {
    return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown episode state in the database: " + label));
  }
}
