package io.proxywatch.collector.auth;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The valid agent and API tokens, by hash, reloaded from the database at most every {@code refresh} (so
 * a revocation takes effect within it on every replica). Lookups never touch the database on the hot path
 * except to reload; a failed reload keeps the last known set. A presented token is hashed and looked up by
 * its SHA-256: no secret is ever compared byte by byte, so response timing says nothing about a stored
 * token (learning a hash prefix does not help to forge a token).
 */
public final class Credentials {
  private static final Logger logger = LoggerFactory.getLogger(Credentials.class);

  /** Who an agent token belongs to. */
  public record AgentIdentity(String agentId, String region) {}

  /** An API token's name and role ("read" or "admin"). */
  public record ApiIdentity(String name, String role) {
    public boolean admin() {
      return role.equals("admin");
    }
  }

  private final DataSource dataSource;
  private final Duration refresh;
  private final Clock clock;
  private volatile Map<ByteBuffer, AgentIdentity> agents = Map.of();
  private volatile Map<ByteBuffer, ApiIdentity> api = Map.of();
  private volatile Instant loadedAt = Instant.MIN;

  public Credentials(DataSource dataSource, Duration refresh, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Optional<AgentIdentity> agent(String token) {
    return find(agents(), token);
  }

  public Optional<ApiIdentity> api(String token) {
    return find(apiTokens(), token);
  }

  private Map<ByteBuffer, AgentIdentity> agents() {
    reloadIfStale();
    return agents;
  }

  private Map<ByteBuffer, ApiIdentity> apiTokens() {
    reloadIfStale();
    return api;
  }

  private static <T> Optional<T> find(Map<ByteBuffer, T> byHash, String token) {
    if (token.isEmpty()) return Optional.empty();
    byte[] hash = TokenSecrets.sha256(token);
    T found = byHash.get(ByteBuffer.wrap(hash));
    return Optional.ofNullable(found);
  }

  /** Forces the next lookup to reload (after this process changed tokens). */
  public void invalidate() {
    loadedAt = Instant.MIN;
  }

  private void reloadIfStale() {
    Instant now = clock.instant();
    if (now.isBefore(loadedAt.plus(refresh))) return;
    synchronized (this) {
      if (now.isBefore(loadedAt.plus(refresh))) return;
      try (Connection c = dataSource.getConnection()) {
        agents = load(c, "SELECT token_sha256, agent_id, region FROM agent_tokens WHERE revoked_at IS NULL",
            rs -> new AgentIdentity(rs.getString(2), rs.getString(3)));
        api = load(c, "SELECT token_sha256, name, role FROM api_tokens WHERE revoked_at IS NULL",
            rs -> new ApiIdentity(rs.getString(2), rs.getString(3)));
        loadedAt = now;
      } catch (SQLException e) {
        logger.warn("reloading tokens failed, keeping the {} agent and {} API tokens known: {}", agents.size(),
            api.size(), e.getMessage());
        loadedAt = now.minus(refresh).plusSeconds(1);
      }
    }
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> Map<ByteBuffer, T> load(Connection c, String sql, Row<T> row) throws SQLException {
    Map<ByteBuffer, T> byHash = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      while (rs.next()) byHash.put(ByteBuffer.wrap(rs.getBytes(1)), row.read(rs));
    }
    return Map.copyOf(byHash);
  }
}
