package io.proxywatch.agent.schedule;

import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Thread factories for the agent's own threads: named, daemon, so they never keep the JVM alive, and carrying
 * the logging context (MDC: agent id, region) of the thread that made the factory.
 */
public final class Threads {
  private Threads() {}

  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    Map<String, String> context = MDC.getCopyOfContextMap();
    return runnable -> {
      Runnable withContext = context == null ? runnable : () -> {
        MDC.setContextMap(context);
        runnable.run();
      };
      Thread thread = new Thread(withContext, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
