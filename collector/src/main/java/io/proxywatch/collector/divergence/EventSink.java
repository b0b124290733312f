package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;

/** Receives firing and resolved events inside the evaluator's transaction, so an event is never lost or invented. */
public interface EventSink {
  void emit(Connection connection, EpisodeView episode, String event) throws SQLException;
}
