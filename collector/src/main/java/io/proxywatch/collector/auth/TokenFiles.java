package io.proxywatch.collector.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens provisioned from files, e.g. Kubernetes Secrets mounted into the collector, applied at every start so the
 * database knows exactly the tokens the deployment hands out: entries are enrolled (source {@code file}), and a
 * token an earlier start enrolled from the file but that is no longer in it is revoked. Tokens added with the
 * {@code agents add} / {@code api-tokens add} commands are left alone. Errors name the file and line, never the
 * token.
 *
 * <p>Agent file lines: {@code AGENT_ID REGION TOKEN}; API file lines: {@code NAME read|admin TOKEN}; blank lines
 * and lines starting with # are skipped. A name or a token listed twice is an error.
 */
public final class TokenFiles {
  /** Which file: how to check its lines, and how to apply them. */
  public enum Kind {
    AGENTS("agent id", TokenStore::agentEntry, TokenStore::applyAgentFile),
    API("token name", TokenStore::apiEntry, TokenStore::applyApiFile);

    private final String name;
    private final Check check;
    private final Apply apply;

    Kind(String name, Check check, Apply apply) {
      this.name = name;
      this.check = check;
      this.apply = apply;
    }
  }

  private interface Check {
    TokenStore.Entry entry(String name, String attribute, String token);
  }

  private interface Apply {
    TokenStore.Applied apply(TokenStore store, List<TokenStore.Entry> entries) throws SQLException;
  }

  private TokenFiles() {}

  /** Reads and checks a whole file without touching the database. */
  public static List<TokenStore.Entry> read(Path file, Kind kind) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<TokenStore.Entry> entries = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    Map<ByteBuffer, Integer> tokens = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] fields = line.split("\\s+");
      if (fields.length != 3) {
        throw new IllegalArgumentException(file + ":" + lineNumber + ": expected 3 fields separated by spaces, got " + fields.length);
      }
      TokenStore.Entry entry;
      try {
        entry = kind.check.entry(fields[0], fields[1], fields[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ":" + lineNumber + ": " + e.getMessage(), e);
      }
      Integer first = names.putIfAbsent(entry.name(), lineNumber);
      if (first != null) {
        throw new IllegalArgumentException(file + ":" + lineNumber + ": " + kind.name + " " + entry.name()
            + " is already on line " + first);
      }
      first = tokens.putIfAbsent(ByteBuffer.wrap(TokenSecrets.sha256(entry.token())), lineNumber);
      if (first != null) {
        throw new IllegalArgumentException(file + ":" + lineNumber + ": the same token as line " + first
            + "; every entry needs its own");
      }
      entries.add(entry);
    }
    return entries;
  }

  /** Reads, checks and applies a file in one transaction: nothing changes when any line is wrong. */
  public static TokenStore.Applied apply(Path file, Kind kind, TokenStore store) throws IOException, SQLException {
    return kind.apply.apply(store, read(file, kind));
  }
}
