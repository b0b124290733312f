package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The port through which divergence tells the rest of the collector that an episode fired or was resolved. It is
 * called inside the evaluator's transaction, so an event exists if and only if the change that caused it commits:
 * never lost, never invented. Alerting implements it; divergence knows nothing of channels.
 */
@FunctionalInterface
public interface EpisodeEvents {
  void emit(Connection connection, EpisodeView episode, EpisodeEvent event) throws SQLException;
}
