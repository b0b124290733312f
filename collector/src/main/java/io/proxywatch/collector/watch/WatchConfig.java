package io.proxywatch.collector.watch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where watches and releases come from and how fast they are followed: the watches file (optional), the module
 * index (empty: not followed), how often it is polled, the fast cadence a propagating release is probed at and for
 * how long at most, and how often target sets are recomputed.
 */
public record WatchConfig(Optional<Path> watchesFile, Optional<URI> index, Duration indexPoll, Duration fastCadence,
                          Duration fastWindow, Duration refresh) {
  public static final String DEFAULT_INDEX = "https://index.golang.org";
  public static final String DEFAULT_INDEX_POLL = "1m";
  public static final String DEFAULT_FAST_CADENCE = "5s";
  public static final String DEFAULT_FAST_WINDOW = "2h";
  public static final Duration REFRESH = Duration.ofSeconds(1);

  public WatchConfig {
    Objects.requireNonNull(watchesFile, "watchesFile");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(indexPoll, "indexPoll");
    Objects.requireNonNull(fastCadence, "fastCadence");
    Objects.requireNonNull(fastWindow, "fastWindow");
    Objects.requireNonNull(refresh, "refresh");
  }

  /** No file, no index: watches come from REST and the CLI only (tests, trusted setups). */
  public static WatchConfig manualOnly() {
    return new WatchConfig(Optional.empty(), Optional.empty(), Duration.ofMinutes(1), Duration.ofSeconds(5),
        Duration.ofHours(2), REFRESH);
  }
}
