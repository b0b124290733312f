package io.proxywatch.collector.check;

import io.proxywatch.collector.ingest.ConnectedAgents;
import io.proxywatch.proto.v1.CheckRequest;
import io.proxywatch.proto.v1.CollectorMessage;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates checks and hands each to the agents connected to this replica. A check is a row first; every replica
 * {@link #dispatch() dispatches} the checks it has not sent yet to its own streams and adds those agents to the
 * row, so a check reaches every connected agent whichever replica the request reached.
 */
public final class Checks {
  private static final Logger logger = LoggerFactory.getLogger(Checks.class);
  public static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int MAX_OPEN = 100;

  private final DataSource dataSource;
  private final ConnectedAgents connected;
  private final Clock clock;
  private final Set<String> dispatched = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();

  public Checks(DataSource dataSource, ConnectedAgents connected, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.connected = Objects.requireNonNull(connected, "connected");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records a check and sends it to this replica's agents at once; returns its id. */
  public String create(CheckRequestSpec spec) throws SQLException {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    String id = "chk-" + HexFormat.of().formatHex(bytes);
    try (Connection c = dataSource.getConnection()) {
      if (open(c) >= MAX_OPEN) throw new TooManyChecksException("too many checks running; retry in " + DEADLINE.toSeconds() + " s");
      try (PreparedStatement s = c.prepareStatement("INSERT INTO checks (id, module, version, proxies, agents, deadline)"
          + " VALUES (?, ?, ?, ?, '{}', ?)")) {
        s.setString(1, id);
        s.setString(2, spec.module());
        s.setString(3, spec.version());
        s.setArray(4, c.createArrayOf("text", spec.proxies().toArray()));
        s.setTimestamp(5, Timestamp.from(clock.instant().plus(DEADLINE)));
        s.executeUpdate();
      }
    }
    dispatch();
    return id;
  }

  private static long open(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM checks WHERE deadline > now()");
         ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Sends every running check this replica has not sent yet to its connected agents. */
  public synchronized void dispatch() throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("SELECT id, module, version, proxies FROM checks WHERE deadline > ?")) {
      s.setTimestamp(1, Timestamp.from(clock.instant()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (dispatched.contains(rs.getString(1))) continue;
          CheckRequestSpec spec = new CheckRequestSpec(rs.getString(2), rs.getString(3),
              List.of((String[]) rs.getArray(4).getArray()));
          send(c, rs.getString(1), spec);
        }
      }
    }
    if (dispatched.size() > 10 * MAX_OPEN) dispatched.clear();
  }

  private void send(Connection c, String id, CheckRequestSpec spec) throws SQLException {
    CollectorMessage message = CollectorMessage.newBuilder()
        .setCheck(CheckRequest.newBuilder().setId(id).addAllTargets(spec.probes())).build();
    List<String> agents = new ArrayList<>();
    for (ConnectedAgents.Connection agent : connected.all()) {
      agent.send(message);
      agents.add(agent.agentId());
    }
    try (PreparedStatement s = c.prepareStatement("UPDATE checks SET agents = agents || ? WHERE id = ?")) {
      s.setArray(1, c.createArrayOf("text", agents.toArray()));
      s.setString(2, id);
      s.executeUpdate();
    }
    dispatched.add(id);
    logger.info("check {} ({}{}) sent to {} agents", id, spec.module(), spec.version().isEmpty() ? "" : "@" + spec.version(),
        agents.size());
  }
}
