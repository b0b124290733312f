package io.proxywatch.collector.alerting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** The silences table: create, list, change and delete, each validated by {@link SilenceRules}. Blocking JDBC. */
public final class SilenceStore {
  private static final String COLUMNS = "id, region, module_prefix, kind, proxy, starts_at, ends_at, author, comment,"
      + " created_at, updated_at";
  private static final String INSERT = "INSERT INTO silences (region, module_prefix, kind, proxy, starts_at, ends_at,"
      + " author, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE silences SET region = ?, module_prefix = ?, kind = ?, proxy = ?,"
      + " starts_at = ?, ends_at = ?, author = ?, comment = ?, updated_at = now() WHERE id = ? RETURNING " + COLUMNS;

  private final DataSource dataSource;
  private final Clock clock;

  public SilenceStore(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Silence create(Silence.Fields fields) throws SQLException {
    Silence.Fields checked = SilenceRules.check(fields, clock.instant(), true);
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT)) {
      bind(s, checked);
      return one(s).orElseThrow();
    }
  }

  /** Every silence, active, future and expired, newest first. */
  public List<Silence> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM silences ORDER BY id DESC")) {
      return all(s);
    }
  }

  /** Changes a silence with {@code change} applied to its current fields; empty when there is no such silence. */
  public Optional<Silence> update(long id, UnaryOperator<Silence.Fields> change) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Optional<Silence> updated = update(c, id, change);
        c.commit();
        return updated;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private Optional<Silence> update(Connection c, long id, UnaryOperator<Silence.Fields> change) throws SQLException {
    Optional<Silence> current;
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM silences WHERE id = ? FOR UPDATE")) {
      s.setLong(1, id);
      current = one(s);
    }
    if (current.isEmpty()) return current;
    try (PreparedStatement s = c.prepareStatement(UPDATE)) {
      bind(s, SilenceRules.check(change.apply(current.get().fields()), clock.instant(), false));
      s.setLong(9, id);
      return one(s);
    }
  }

  public boolean delete(long id) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM silences WHERE id = ?")) {
      s.setLong(1, id);
      return s.executeUpdate() == 1;
    }
  }

  /** The silences active at {@code at}, in the caller's transaction. */
  static List<Silence> activeAt(Connection c, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM silences WHERE starts_at <= ? AND ends_at > ?"
        + " ORDER BY id")) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setTimestamp(2, Timestamp.from(at));
      return all(s);
    }
  }

  private static void bind(PreparedStatement s, Silence.Fields f) throws SQLException {
    s.setString(1, f.region());
    s.setString(2, f.modulePrefix());
    s.setString(3, f.kind());
    s.setString(4, f.proxy());
    s.setTimestamp(5, Timestamp.from(f.startsAt()));
    s.setTimestamp(6, Timestamp.from(f.endsAt()));
    s.setString(7, f.author());
    s.setString(8, f.comment());
  }

  private static Optional<Silence> one(PreparedStatement s) throws SQLException {
    List<Silence> found = all(s);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static List<Silence> all(PreparedStatement s) throws SQLException {
    List<Silence> silences = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        silences.add(new Silence(rs.getLong("id"), new Silence.Fields(rs.getString("region"), rs.getString("module_prefix"),
            rs.getString("kind"), rs.getString("proxy"), rs.getTimestamp("starts_at").toInstant(),
            rs.getTimestamp("ends_at").toInstant(), rs.getString("author"), rs.getString("comment")),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()));
      }
    }
    return silences;
  }
}
