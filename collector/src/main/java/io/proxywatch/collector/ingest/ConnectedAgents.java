package io.proxywatch.collector.ingest;

import io.proxywatch.proto.v1.CollectorMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents streaming to this replica right now, so that a changed target set or a check reaches them at once.
 * Each replica knows only its own streams; every replica pushes to its own.
 */
public final class ConnectedAgents {
  /** One welcomed stream. */
  public interface Connection {
    String agentId();

    String region();

    /** Sends if the stream is still open; never blocks. */
    void send(CollectorMessage message);
  }

  private final Set<Connection> open = ConcurrentHashMap.newKeySet();

  void add(Connection connection) {
    open.add(connection);
  }

  void remove(Connection connection) {
    open.remove(connection);
  }

  public List<Connection> all() {
    return List.copyOf(open);
  }

  public List<Connection> inRegion(String region) {
    return open.stream().filter(c -> c.region().equals(region)).toList();
  }
}
