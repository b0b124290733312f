package io.proxywatch.collector.watch;

import io.proxywatch.collector.check.Checks;
import io.proxywatch.collector.ingest.ConnectedAgents;
import io.proxywatch.collector.ingest.TargetSource;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.TargetSet;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every region's target set current and pushes a changed one to this replica's streams of that region; on the
 * same beat it hands new checks to this replica's streams.
 * Every replica computes the sets from the same tables; the version of a set is stored with its digest, so
 * replicas that compute the same set give it the same version, and a version only ever grows.
 */
public final class TargetPublisher implements TargetSource, AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(TargetPublisher.class);
  private static final String UPSERT = "INSERT INTO target_sets (region, version, digest, targets)"
      + " VALUES (?, nextval('target_set_versions'), ?, ?) ON CONFLICT (region) DO UPDATE SET"
      + " version = nextval('target_set_versions'), digest = EXCLUDED.digest, targets = EXCLUDED.targets,"
      + " updated_at = now() WHERE target_sets.digest <> EXCLUDED.digest";
  private static final String RELEASES = "SELECT module, version, index_time, propagated_at FROM releases"
      + " ORDER BY index_time DESC LIMIT 10000";

  private final DataSource dataSource;
  private final WatchStore watches;
  private final TargetSetBuilder builder;
  private final ConnectedAgents connected;
  private final Map<String, List<Pin>> pins;
  private final Clock clock;
  private final Duration refresh;
  private final Checks checks;
  private final KnownVersions known = new KnownVersions();
  private final Map<String, TargetSet> current = new ConcurrentHashMap<>();
  private final Map<String, String> digests = new ConcurrentHashMap<>();
  private final Semaphore wakeups = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile java.util.Optional<Watch.Cadence> longest = java.util.Optional.empty();
  private boolean failing;

  public TargetPublisher(DataSource dataSource, TargetSetBuilder builder, ConnectedAgents connected,
                         Map<String, List<Pin>> pins, Clock clock, Duration refresh, Checks checks) {
    this.checks = Objects.requireNonNull(checks, "checks");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.watches = new WatchStore(dataSource);
    this.builder = Objects.requireNonNull(builder, "builder");
    this.connected = Objects.requireNonNull(connected, "connected");
    this.pins = Map.copyOf(pins);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.thread = new Thread(this::run, "proxywatch-targets");
    thread.setDaemon(true);
  }

  public TargetPublisher start() {
    thread.start();
    return this;
  }

  /** Watches changed: recompute now rather than at the next refresh. */
  public void wake() {
    if (wakeups.availablePermits() == 0) wakeups.release();
  }

  /** The region's current set; computed on the spot for a region not seen before. */
  @Override
  public TargetSet current(String region) {
    TargetSet set = current.get(region);
    if (set != null) return set;
    try {
      publish(Set.of(region));
    } catch (SQLException | RuntimeException e) {
      logger.warn("computing the target set of {} failed: {}", region, e.toString());
    }
    return current.getOrDefault(region, TargetSet.getDefaultInstance());
  }

  private void run() {
    while (running) {
      try {
        publish(regions());
        checks.dispatch();
        if (failing) logger.info("target sets computed again");
        failing = false;
      } catch (SQLException | RuntimeException e) {
        if (!failing) logger.warn("computing target sets failed, retrying every {}: {}", refresh, e.toString());
        failing = true;
      }
      try {
        wakeups.tryAcquire(refresh.toMillis(), TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Set<String> regions() throws SQLException {
    Set<String> regions = new TreeSet<>(current.keySet());
    connected.all().forEach(c -> regions.add(c.region()));
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT DISTINCT region FROM agents"); ResultSet rs = s.executeQuery()) {
      while (rs.next()) regions.add(rs.getString(1));
    }
    return regions;
  }

  private synchronized void publish(Set<String> regions) throws SQLException {
    List<WatchStore.Stored> all = watches.list();
    longest = longest(all);
    try (Connection c = dataSource.getConnection()) {
      if (all.isEmpty()) {
        for (String region : regions) update(region, TargetSet.getDefaultInstance());
        return;
      }
      known.refresh(c, clock.instant());
      TargetSetBuilder.Inputs inputs = new TargetSetBuilder.Inputs(all, known.snapshot(), releases(c), pins, clock.instant());
      for (String region : regions) {
        TargetSet set = builder.build(region, inputs);
        update(region, set.toBuilder().setVersion(version(c, region, set)).build());
      }
    }
  }

  /** The longest cadence of each endpoint class over the watches; empty when there are none. */
  public java.util.Optional<Watch.Cadence> longestCadence() {
    return longest;
  }

  private static java.util.Optional<Watch.Cadence> longest(List<WatchStore.Stored> all) {
    return all.stream().map(s -> s.watch().cadence()).reduce((a, b) -> new Watch.Cadence(max(a.mutable(), b.mutable()),
        max(a.info(), b.info()), max(a.immutable(), b.immutable())));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void update(String region, TargetSet set) {
    TargetSet before = current.put(region, set);
    if (before == null && set.getVersion() == 0) return;
    if (before != null && before.getVersion() == set.getVersion()) return;
    List<ConnectedAgents.Connection> streams = connected.inRegion(region);
    logger.info("target set {} for {}: {} targets, {} pins; pushed to {} agents", set.getVersion(), region,
        set.getTargetsCount(), set.getPinsCount(), streams.size());
    CollectorMessage message = CollectorMessage.newBuilder().setTargets(set).build();
    streams.forEach(stream -> stream.send(message));
  }

  /** The stored version of this set: the same while its digest is, a new one from the sequence when it changes. */
  private long version(Connection c, String region, TargetSet set) throws SQLException {
    String digest = digest(set);
    TargetSet known = current.get(region);
    if (known != null && known.getVersion() != 0 && digest.equals(digests.get(region))) return known.getVersion();
    digests.put(region, digest);
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setString(1, region);
      s.setString(2, digest);
      s.setInt(3, set.getTargetsCount());
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("SELECT version FROM target_sets WHERE region = ?")) {
      s.setString(1, region);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String digest(TargetSet set) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(set.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, List<Release>> releases(Connection c) throws SQLException {
    Map<String, List<Release>> byModule = new TreeMap<>();
    try (PreparedStatement s = c.prepareStatement(RELEASES); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        java.sql.Timestamp propagated = rs.getTimestamp(4);
        byModule.computeIfAbsent(rs.getString(1), m -> new ArrayList<>()).add(new Release(rs.getString(1),
            rs.getString(2), rs.getTimestamp(3).toInstant(),
            java.util.Optional.ofNullable(propagated).map(java.sql.Timestamp::toInstant)));
      }
    }
    return byModule;
  }

  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
