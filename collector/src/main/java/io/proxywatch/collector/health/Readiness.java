package io.proxywatch.collector.health;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready = the database answered the last ping (every {@value #CHECK_SECONDS} s, in the background, so asking never
 * blocks) and the collector is not shutting down. {@link #drain()} turns it false for good, first thing at
 * shutdown, so load balancers stop sending before the ports close. The listener (gRPC health) hears every change.
 */
public final class Readiness implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Readiness.class);
  private static final long CHECK_SECONDS = 2;

  private final BooleanSupplier databaseAnswers;
  private final Consumer<Boolean> listener;
  private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "proxywatch-readiness");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean databaseUp;
  private volatile boolean draining;
  private Boolean announced;

  /** databaseAnswers blocks briefly (a ping with a timeout); listener gets each new state,
   * starting with the first, checked before this returns. */
  public Readiness(BooleanSupplier databaseAnswers, Consumer<Boolean> listener) {
    this.databaseAnswers = Objects.requireNonNull(databaseAnswers, "databaseAnswers");
    this.listener = Objects.requireNonNull(listener, "listener");
    ping();
    checker.scheduleWithFixedDelay(this::ping, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
  }

  public boolean ready() {
    return databaseUp && !draining;
  }

  public boolean draining() {
    return draining;
  }

  /** Not ready from now on: the collector is shutting down. */
  public void drain() {
    draining = true;
    announce();
  }

  private void ping() {
    databaseUp = !draining && databaseAnswers.getAsBoolean();
    announce();
  }

  private synchronized void announce() {
    boolean now = ready();
    if (Boolean.valueOf(now).equals(announced)) return;
    if (announced != null) logger.info("readiness: {}", now ? "ready" : draining ? "shutting down" : "database unavailable");
    announced = now;
    listener.accept(now);
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
