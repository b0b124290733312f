package io.proxywatch.collector.auth;

import io.proxywatch.common.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Enrols and revokes agents and API tokens. Blocking JDBC. A new token is returned once and never stored.
 *
 * <p>Each token has a source: {@code manual} (added by a command or the REST API) or {@code file} (from a tokens file, see
 * {@link TokenFiles}). The file is the source of truth for the tokens it brought: applying it again revokes the
 * ones no longer in it, and leaves tokens added by a command alone.
 */
public final class TokenStore {

  private final DataSource dataSource;

  public TokenStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Enrols an agent (or replaces its token), source 'manual'; returns the new token. */
  public String addAgent(String agentId, String region) throws SQLException {
    return addManual("agent_tokens", "agent_id", "region", agentEntry(agentId, region, TokenSecrets.generate("pwa")));
  }

  /** True when there was an active token to revoke. */
  public boolean revokeAgent(String agentId) throws SQLException {
    return update("UPDATE agent_tokens SET revoked_at = now() WHERE agent_id = ? AND revoked_at IS NULL", agentId) > 0;
  }

  public List<TokenEntry> agents() throws SQLException {
    return list("SELECT agent_id, region, created_at, revoked_at, source FROM agent_tokens ORDER BY region, agent_id");
  }

  /** Creates an API token with role read or admin (or replaces the token of that name); returns it. */
  public String addApiToken(String name, String role) throws SQLException {
    return addManual("api_tokens", "name", "role",
        apiEntry(name, role, TokenSecrets.generate(role.equals("admin") ? "pwk" : "pwr")));
  }

  /** Upserts one checked entry as source 'manual' and returns its token. Table and columns are constants. */
  private String addManual(String table, String key, String attribute, Entry entry) throws SQLException {
    update("INSERT INTO " + table + " (" + key + ", " + attribute + ", token_sha256) VALUES (?, ?, ?) ON CONFLICT ("
        + key + ") DO UPDATE SET " + attribute + " = EXCLUDED." + attribute + ", token_sha256 = EXCLUDED.token_sha256,"
        + " created_at = now(), revoked_at = NULL, source = 'manual'", entry.name(), entry.attribute(),
        TokenSecrets.sha256(entry.token()));
    return entry.token();
  }

  /** What applying a tokens file did: entries in it, and the file-sourced names it revoked. */
  public record Applied(int entries, List<String> revoked) {}

  /** One checked line of a tokens file: agent id, region, token; or name, role, token. */
  public record Entry(String name, String attribute, String token) {}

  /** Checks one agent-file entry without touching the database. */
  static Entry agentEntry(String agentId, String region, String token) {
    require(Identifiers.isAgentId(agentId), "agent id", Identifiers.AGENT_ID_RULE, agentId);
    require(Identifiers.isRegion(region), "region", Identifiers.REGION_RULE, region);
    TokenSecrets.requireStrong(token);
    return new Entry(agentId, region, token);
  }

  /** Checks one API-file entry without touching the database. */
  static Entry apiEntry(String name, String role, String token) {
    require(Identifiers.isTokenName(name), "token name", Identifiers.TOKEN_NAME_RULE, name);
    if (!role.equals("read") && !role.equals("admin")) throw new IllegalArgumentException("role: expected read or admin, got \"" + role + "\"");
    TokenSecrets.requireStrong(token);
    return new Entry(name, role, token);
  }

  /** Makes agent_tokens' file-sourced rows what the checked entries say, in one transaction. */
  Applied applyAgentFile(List<Entry> entries) throws SQLException {
    return applyFile("agent_tokens", "agent_id", "region", entries);
  }

  /** Makes api_tokens' file-sourced rows what the checked entries say, in one transaction. */
  Applied applyApiFile(List<Entry> entries) throws SQLException {
    return applyFile("api_tokens", "name", "role", entries);
  }

  /**
   * Upserts every entry as source 'file' (created_at moves only when the token or its attribute changed, so
   * restarts don't rewrite history), then revokes the file-sourced rows whose name is no longer listed.
   * Table and column names are this class's constants, never input.
   */
  private Applied applyFile(String table, String key, String attribute, List<Entry> entries) throws SQLException {
    String upsert = "INSERT INTO " + table + " (" + key + ", " + attribute + ", token_sha256, source) VALUES (?, ?, ?, 'file')"
        + " ON CONFLICT (" + key + ") DO UPDATE SET " + attribute + " = EXCLUDED." + attribute
        + ", token_sha256 = EXCLUDED.token_sha256, source = 'file', revoked_at = NULL, created_at = CASE WHEN "
        + table + "." + attribute + " IS DISTINCT FROM EXCLUDED." + attribute + " OR " + table
        + ".token_sha256 <> EXCLUDED.token_sha256 OR " + table + ".revoked_at IS NOT NULL THEN now() ELSE " + table
        + ".created_at END";
    String revoke = "UPDATE " + table + " SET revoked_at = now() WHERE source = 'file' AND revoked_at IS NULL AND NOT ("
        + key + " = ANY (?)) RETURNING " + key;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s = c.prepareStatement(upsert)) {
          for (Entry e : entries) {
            s.setString(1, e.name());
            s.setString(2, e.attribute());
            s.setBytes(3, TokenSecrets.sha256(e.token()));
            s.addBatch();
          }
          s.executeBatch();
        }
        List<String> revoked = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(revoke)) {
          s.setArray(1, c.createArrayOf("text", entries.stream().map(Entry::name).toArray()));
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) revoked.add(rs.getString(1));
          }
        }
        c.commit();
        return new Applied(entries.size(), List.copyOf(revoked));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  public boolean revokeApiToken(String name) throws SQLException {
    return update("UPDATE api_tokens SET revoked_at = now() WHERE name = ? AND revoked_at IS NULL", name) > 0;
  }

  public List<TokenEntry> apiTokens() throws SQLException {
    return list("SELECT name, role, created_at, revoked_at, source FROM api_tokens ORDER BY name");
  }

  private static void require(boolean valid, String what, String rule, String value) {
    if (!valid) {
      throw new IllegalArgumentException(what + ": expected " + rule
          + ", got \"" + (value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "..." : value) + "\"");
    }
  }

  private int update(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
      return s.executeUpdate();
    }
  }

  private List<TokenEntry> list(String sql) throws SQLException {
    List<TokenEntry> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.add(new TokenEntry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
            Optional.ofNullable(rs.getTimestamp(4)).map(java.sql.Timestamp::toInstant), rs.getString(5)));
      }
    }
    return rows;
  }
}
