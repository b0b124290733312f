package io.proxywatch.collector;

import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.check.Checks;
import io.proxywatch.collector.ingest.ConnectedAgents;
import io.proxywatch.collector.ingest.TargetSource;
import io.proxywatch.collector.release.IndexFeed;
import io.proxywatch.collector.release.PropagationTracker;
import io.proxywatch.collector.release.ReleaseFollower;
import io.proxywatch.collector.watch.Pin;
import io.proxywatch.collector.watch.TargetPublisher;
import io.proxywatch.collector.watch.TargetSetBuilder;
import io.proxywatch.collector.watch.WatchConfig;
import io.proxywatch.collector.watch.WatchStore;
import io.proxywatch.collector.watch.WatchesFile;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import io.proxywatch.collector.divergence.FreshnessWindows;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches at work: the file applied at start, target sets computed and pushed by every replica, checks dispatched
 * by every replica to its own agents, and (on the leader) the module index followed and propagation recorded.
 */
final class Watching implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Watching.class);

  private final TargetPublisher publisher;
  private final Checks checks;
  private final ReleaseFollower follower;

  private Watching(TargetPublisher publisher, Checks checks, ReleaseFollower follower) {
    this.publisher = publisher;
    this.checks = checks;
    this.follower = follower;
  }

  /** Applies the watches file (the start fails on a bad one), then starts the publisher and the follower. */
  static Watching start(WatchConfig config, DataSource pool, ConnectedAgents connected, BooleanSupplier isLeader,
                               MeterRegistry meters, Clock clock, String gosumdb) throws SQLException {
    Map<String, List<Pin>> pins = Map.of();
    if (config.watchesFile().isPresent()) {
      WatchesFile.Contents contents = WatchesFile.read(config.watchesFile().get());
      List<String> removed = new WatchStore(pool).applyFile(contents.watches());
      pins = contents.pins();
      logger.info("watches from {}: {} watches, pins for {} regions{}", config.watchesFile().get(),
          contents.watches().size(), pins.size(), removed.isEmpty() ? "" : "; removed: " + String.join(", ", removed));
    }
    Checks checks = new Checks(pool, connected, clock);
    TargetPublisher publisher = new TargetPublisher(pool, new TargetSetBuilder(config.fastCadence(), config.fastWindow(), gosumdb),
        connected, pins, clock, config.refresh(), checks).start();
    ReleaseFollower follower = new ReleaseFollower(config.index().map(uri -> new IndexFeed(uri, pool, clock,
        Duration.ofSeconds(30))), new PropagationTracker(meters), pool, isLeader, publisher::wake, clock,
        config.indexPoll(), Duration.ofSeconds(2)).start();
    return new Watching(publisher, checks, follower);
  }

  /**
   * Freshness per endpoint class: three intervals of the slowest watch cadence of each class (never less than
   * {@code base}); {@code base} alone while there are no watches (agents then probe everything at one interval).
   */
  Supplier<FreshnessWindows> freshness(Duration base) {
    Supplier<FreshnessWindows> uniform = FreshnessWindows.uniform(base);
    return () -> publisher.longestCadence()
        .map(c -> FreshnessWindows.ofCadences(base, c.mutable(), c.info(), c.immutable())).orElseGet(uniform);
  }

  public TargetSource targets() {
    return publisher;
  }

  public Checks checks() {
    return checks;
  }

  /** Watches changed over REST: recompute the target sets now. */
  public void changed() {
    publisher.wake();
  }

  @Override
  public void close() {
    follower.close();
    publisher.close();
  }
}
