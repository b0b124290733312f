package io.proxywatch.collector.leader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.proxywatch.collector.storage.DbSettings;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one collector replica evaluates and notifies: the one holding a PostgreSQL session advisory lock
 * on its own connection. If that replica dies or loses its connection, the lock is released by the
 * database and another replica takes over at its next try.
 */
public final class Leadership implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Leadership.class);
  /** "proxywatch" in the lock space; any fixed number shared by all replicas. */
  public static final long LOCK_KEY = 0x7077_6174_6368L;

  private final String url;
  private final Properties credentials;
  private Connection connection;
  private volatile boolean leader;

  public Leadership(DbSettings db) {
    this.url = db.url();
    this.credentials = db.connectionProperties("leader", Duration.ofSeconds(30));
  }

  public boolean isLeader() {
    return leader;
  }

  /** Checks the lock is still held (or tries to take it); returns whether this replica leads now. */
  public synchronized boolean refresh() {
    try {
      if (connection == null || !connection.isValid(2)) reconnect();
      if (!leader) leader = tryLock();
    } catch (SQLException e) {
      if (leader) logger.warn("lost leadership: {}", e.getMessage());
      leader = false;
      closeQuietly();
    }
    return leader;
  }

  private void reconnect() throws SQLException {
    if (leader) logger.warn("leader connection lost; leadership released");
    leader = false;
    closeQuietly();
    connection = DriverManager.getConnection(url, credentials);
  }

  private boolean tryLock() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, LOCK_KEY);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        boolean got = rs.getBoolean(1);
        if (got) logger.info("this collector now evaluates divergence and sends notifications (leader)");
        return got;
      }
    }
  }

  private void closeQuietly() {
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException e) {
      logger.debug("closing the leader connection: {}", e.getMessage());
    }
    connection = null;
  }

  @Override
  public synchronized void close() {
    leader = false;
    closeQuietly();
  }
}
