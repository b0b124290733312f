package io.proxywatch.collector.watch;

import io.proxywatch.common.Durations;
import io.proxywatch.proto.EndpointKinds;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The watches table. Manual watches are added and removed by REST or the CLI; file watches are owned by
 * --watches-file: {@link #applyFile} makes the table's file entries equal to the file's, in one transaction.
 */
public final class WatchStore {
  private static final String COLUMNS = "name, module, versions, endpoints, proxies, regions, mutable_every_ms,"
      + " info_every_ms, immutable_every_ms, source, created_at";
  private static final String UPSERT = "INSERT INTO watches (name, module, versions, endpoints, proxies, regions,"
      + " mutable_every_ms, info_every_ms, immutable_every_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (name) DO UPDATE SET module = EXCLUDED.module, versions = EXCLUDED.versions,"
      + " endpoints = EXCLUDED.endpoints, proxies = EXCLUDED.proxies, regions = EXCLUDED.regions,"
      + " mutable_every_ms = EXCLUDED.mutable_every_ms, info_every_ms = EXCLUDED.info_every_ms,"
      + " immutable_every_ms = EXCLUDED.immutable_every_ms, source = EXCLUDED.source, updated_at = now()";
  public static final int MAX_WATCHES = 10_000;

  /** A watch as stored, with when it was created (a {@code new} watch follows releases from then on). */
  public record Stored(Watch watch, Instant createdAt) {}

  private final DataSource dataSource;

  public WatchStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  public List<Stored> list() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return list(c);
    }
  }

  private static List<Stored> list(Connection c) throws SQLException {
    List<Stored> watches = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM watches ORDER BY name");
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) watches.add(stored(rs));
    }
    return watches;
  }

  /** Adds or replaces a manual watch; refuses to take over a watch the file owns, and more than MAX_WATCHES. */
  public void put(Watch watch) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Optional<String> source = sourceOf(c, watch.name());
        if (source.isPresent() && source.get().equals("file")) {
          throw new WatchConflictException("watch " + watch.name() + " is managed by the watches file; change it there");
        }
        if (source.isEmpty() && count(c) >= MAX_WATCHES) {
          throw new WatchConflictException("at most " + MAX_WATCHES + " watches; remove one first");
        }
        upsert(c, watch);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Removes a manual watch; false when there is none of that name. A file watch is refused. */
  public boolean remove(String name) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Optional<String> source = sourceOf(c, name);
      if (source.isEmpty()) return false;
      if (source.get().equals("file")) {
        throw new WatchConflictException("watch " + name + " is managed by the watches file; remove it there");
      }
      try (PreparedStatement s = c.prepareStatement("DELETE FROM watches WHERE name = ? AND source = 'manual'")) {
        s.setString(1, name);
        return s.executeUpdate() > 0;
      }
    }
  }

  /** Makes the file watches exactly these; returns the names removed. Manual watches of the same name are taken over. */
  public List<String> applyFile(List<Watch> watches) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<String> names = new TreeSet<>();
        for (Watch w : watches) {
          upsert(c, w);
          names.add(w.name());
        }
        List<String> removed = new ArrayList<>();
        for (Stored s : list(c)) {
          if (s.watch().source().equals("file") && !names.contains(s.watch().name())) removed.add(s.watch().name());
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM watches WHERE source = 'file' AND name = ANY(?)")) {
          s.setArray(1, c.createArrayOf("text", removed.toArray()));
          s.executeUpdate();
        }
        c.commit();
        return removed;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void upsert(Connection c, Watch w) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setString(1, w.name());
      s.setString(2, w.module());
      s.setString(3, w.versions().text());
      s.setArray(4, c.createArrayOf("text", w.endpoints().stream().map(EndpointKinds::name).toArray()));
      s.setArray(5, c.createArrayOf("text", w.proxies().toArray()));
      s.setArray(6, c.createArrayOf("text", w.regions().toArray()));
      s.setLong(7, w.cadence().mutable().toMillis());
      s.setLong(8, w.cadence().info().toMillis());
      s.setLong(9, w.cadence().immutable().toMillis());
      s.setString(10, w.source());
      s.executeUpdate();
    }
  }

  private static Optional<String> sourceOf(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT source FROM watches WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM watches"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Stored stored(ResultSet rs) throws SQLException {
    Watch w = Watch.of(rs.getString("name"), rs.getString("module"), rs.getString("versions"),
        strings(rs.getArray("endpoints")), strings(rs.getArray("proxies")), strings(rs.getArray("regions")),
        Durations.format(java.time.Duration.ofMillis(rs.getLong("mutable_every_ms"))),
        Durations.format(java.time.Duration.ofMillis(rs.getLong("info_every_ms"))),
        Durations.format(java.time.Duration.ofMillis(rs.getLong("immutable_every_ms"))), rs.getString("source"));
    Timestamp created = rs.getTimestamp("created_at");
    return new Stored(w, created.toInstant());
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}
