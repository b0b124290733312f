package io.proxywatch.collector.release;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader only: polls the module index every {@code indexPoll} (at once again while pages come back full)
 * and records propagation every {@code trackEvery}; {@code onRelease} runs after new releases were recorded (the
 * target sets then switch them to the fast cadence). A failing index or database is logged once per streak.
 */
public final class ReleaseFollower implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ReleaseFollower.class);

  private final Optional<IndexFeed> feed;
  private final PropagationTracker tracker;
  private final DataSource dataSource;
  private final BooleanSupplier isLeader;
  private final Runnable onRelease;
  private final Clock clock;
  private final Duration indexPoll;
  private final Duration trackEvery;
  private final Thread thread;
  private volatile boolean running = true;
  private boolean feedFailing;
  private boolean trackFailing;

  public ReleaseFollower(Optional<IndexFeed> feed, PropagationTracker tracker, DataSource dataSource,
                         BooleanSupplier isLeader, Runnable onRelease, Clock clock, Duration indexPoll, Duration trackEvery) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.isLeader = Objects.requireNonNull(isLeader, "isLeader");
    this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.indexPoll = indexPoll;
    this.trackEvery = trackEvery;
    this.thread = new Thread(this::run, "proxywatch-releases");
    thread.setDaemon(true);
  }

  public ReleaseFollower start() {
    thread.start();
    return this;
  }

  private void run() {
    Instant nextPoll = Instant.MIN;
    while (running) {
      if (isLeader.getAsBoolean()) {
        if (feed.isPresent() && !clock.instant().isBefore(nextPoll)) nextPoll = pollFeed();
        track();
      }
      try {
        Thread.sleep(trackEvery.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Reads pages until one is not full; returns when to poll next. */
  private Instant pollFeed() {
    try {
      IndexFeed.Poll poll;
      int recorded = 0;
      int pages = 0;
      do {
        poll = feed.get().poll();
        recorded += poll.releases();
        pages++;
      } while (poll.full() && pages < 50 && running);
      if (feedFailing) logger.info("module index {} answers again", feed.get().index());
      feedFailing = false;
      if (recorded > 0) onRelease.run();
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      if (!feedFailing) logger.warn("reading the module index {} failed, retrying every {}: {}", feed.get().index(), indexPoll, e.toString());
      feedFailing = true;
    }
    return clock.instant().plus(indexPoll);
  }

  private void track() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        tracker.track(c, clock.instant());
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      trackFailing = false;
    } catch (SQLException | RuntimeException e) {
      if (!trackFailing) logger.warn("recording release propagation failed, retrying: {}", e.toString());
      trackFailing = true;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
