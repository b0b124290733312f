package io.proxywatch.collector.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * Tokens provisioned from files, e.g. Kubernetes Secrets mounted into the collector: applied at every start,
 * so the database always knows the tokens the deployment hands out. Errors name the file and line, never the token.
 *
 * <p>Agent file lines: {@code AGENT_ID REGION TOKEN}; API file lines: {@code NAME read|admin TOKEN}; blank lines
 * and lines starting with # are skipped.
 */
public final class TokenFiles {
  private TokenFiles() {}

  /** Reads and checks a file without touching the database; returns its entries as [first, second, token]. */
  public static List<String[]> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String[]> entries = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] fields = line.split("\\s+");
      if (fields.length != 3) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 3 fields separated by spaces, got " + fields.length);
      }
      entries.add(fields);
    }
    return entries;
  }

  public static int applyAgents(Path file, TokenStore store) throws IOException, SQLException {
    int line = 0;
    for (String[] entry : read(file)) {
      line++;
      try {
        store.enrolAgent(entry[0], entry[1], entry[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " entry " + line + ": " + e.getMessage(), e);
      }
    }
    return line;
  }

  public static int applyApi(Path file, TokenStore store) throws IOException, SQLException {
    int line = 0;
    for (String[] entry : read(file)) {
      line++;
      try {
        store.setApiToken(entry[0], entry[1], entry[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " entry " + line + ": " + e.getMessage(), e);
      }
    }
    return line;
  }
}
