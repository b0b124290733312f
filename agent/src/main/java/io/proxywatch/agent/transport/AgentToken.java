package io.proxywatch.agent.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Agent tokens as the options give them. Messages name the option, never the token: it is a secret. */
public final class AgentToken {
  static final int MAX_LENGTH = 4096;

  private AgentToken() {}

  /** The token, trimmed; IllegalArgumentException if it cannot go into an HTTP/2 header as it is. */
  public static String check(String option, String token) {
    String trimmed = token.trim();
    if (trimmed.isEmpty()) throw new IllegalArgumentException(option + ": expected a token, got an empty value");
    if (trimmed.length() > MAX_LENGTH || !trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(option + ": expected at most " + MAX_LENGTH + " printable ASCII "
          + "characters without spaces, got " + trimmed.length() + " characters that are not (value not shown)");
    }
    return trimmed;
  }

  /** The token in {@code file}, trimmed; IllegalArgumentException naming the file otherwise. */
  public static String read(Path file) {
    try {
      return check("--token-file: \"" + file + "\"", Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("--token-file: cannot read \"" + file + "\" (" + e.getMessage() + ")", e);
    }
  }
}
