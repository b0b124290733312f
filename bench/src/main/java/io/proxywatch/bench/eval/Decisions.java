package io.proxywatch.bench.eval;

import io.proxywatch.collector.divergence.EpisodeEvent;
import io.proxywatch.collector.divergence.EpisodeEvents;
import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeView;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When the evaluator decided each injected divergence: its content episode fired (emitted in the evaluation's
 * transaction) and that transaction committed ({@link #committed}, the monitor's after-events hook).
 */
final class Decisions implements EpisodeEvents {
  private final List<String> emitted = new CopyOnWriteArrayList<>();
  final Map<String, Long> decidedAt = new ConcurrentHashMap<>();

  @Override
  public void emit(Connection connection, EpisodeView episode, EpisodeEvent event) {
    if (episode.kind() == EpisodeKind.CONTENT && event == EpisodeEvent.FIRING) emitted.add(episode.module());
  }

  /** The evaluation committed: what it fired is decided now. */
  void committed() {
    long now = System.nanoTime();
    for (String module : emitted) decidedAt.putIfAbsent(module, now);
    emitted.clear();
  }
}
