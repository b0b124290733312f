package io.proxywatch.collector.health;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** One loop's progress mark; {@link #beat()} is cheap enough for every iteration. */
public final class Heartbeat implements AutoCloseable {
  /** For loops built without health checks (tests, tools). */
  public static final Heartbeat NONE = new Heartbeat("none", () -> 0, new HashMap<>());

  private final String loop;
  private final LongSupplier nanoTime;
  private final Map<String, Heartbeat> registry;
  private volatile long lastBeat;

  Heartbeat(String loop, LongSupplier nanoTime, Map<String, Heartbeat> registry) {
    this.loop = loop;
    this.nanoTime = nanoTime;
    this.registry = registry;
    this.lastBeat = nanoTime.getAsLong();
  }

  /** The loop made progress: finished an iteration, idle or not. */
  public void beat() {
    lastBeat = nanoTime.getAsLong();
  }

  String loop() {
    return loop;
  }

  long lastBeat() {
    return lastBeat;
  }

  /** The loop has stopped on purpose; it no longer counts. */
  @Override
  public void close() {
    registry.remove(loop, this);
  }
}
