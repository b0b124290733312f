package io.proxywatch.collector.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * The progress marks of the collector's background loops, on one clock. A loop marks progress when it finishes an
 * iteration (idle or not) or a commit; a loop that has marked none for longer than the bound is stuck. Only
 * registered loops count, so a loop that does not run on this replica (the evaluator off the leader) stays out.
 */
public final class Heartbeats {
  private final LongSupplier nanoTime;
  private final Duration bound;
  private final Map<String, Heartbeat> loops = new ConcurrentSkipListMap<>();

  public Heartbeats(Duration bound, LongSupplier nanoTime) {
    this.bound = Objects.requireNonNull(bound, "bound");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** A loop's heart, beating from now; registering a name again replaces the old one. */
  public Heartbeat register(String loop) {
    Heartbeat heartbeat = new Heartbeat(loop, nanoTime, loops);
    loops.put(loop, heartbeat);
    return heartbeat;
  }

  /** The loops silent for longer than the bound, by name. */
  public List<Stuck> stuck() {
    long now = nanoTime.getAsLong();
    return loops.values().stream()
        .map(h -> new Stuck(h.loop(), Duration.ofNanos(now - h.lastBeat())))
        .filter(s -> s.silentFor().compareTo(bound) > 0)
        .toList();
  }

  public Duration bound() {
    return bound;
  }

  /** A loop that has made no progress for {@code silentFor}. */
  public record Stuck(String loop, Duration silentFor) {}
}
