package io.proxywatch.collector.logging;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * The MDC fields a log line carries when it is about one agent or one episode: {@code agent_id}, {@code region},
 * {@code episode_id}, around one logging call: {@code LogFields.episode(id).run(() -> logger.info(...))}. Unknown
 * (null) values are left out.
 */
public final class LogFields implements AutoCloseable {
  public static final String AGENT_ID = "agent_id";
  public static final String REGION = "region";
  public static final String EPISODE_ID = "episode_id";

  private final List<MDC.MDCCloseable> fields = new ArrayList<>();

  private LogFields() {
  }

  public static LogFields agent(String agentId, String region) {
    return new LogFields().with(AGENT_ID, agentId).with(REGION, region);
  }

  public static LogFields episode(long episodeId) {
    return new LogFields().with(EPISODE_ID, String.valueOf(episodeId));
  }

  public LogFields with(String key, String value) {
    if (value != null) fields.add(MDC.putCloseable(key, value));
    return this;
  }

  /** Runs {@code logging} with these fields in the MDC and removes them after it, however it ends. */
  public void run(Runnable logging) {
    try {
      logging.run();
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    fields.forEach(MDC.MDCCloseable::close);
  }
}
