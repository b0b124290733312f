package io.proxywatch.agent.transport;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds {@code authorization: Bearer <token>} to each stream. A token file is read again at every connect,
 * so a rotated token (a Kubernetes Secret update) is picked up without a restart; if the file cannot be
 * read then, the last good token is used and a WARN says why.
 */
public final class BearerToken extends CallCredentials {
  private static final Logger logger = LoggerFactory.getLogger(BearerToken.class);
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Path file;
  private volatile String token;

  private BearerToken(String token, Path file) {
    this.token = token;
    this.file = file;
  }

  /** Credentials from a token file (preferred) or a token; null when there is neither. */
  public static BearerToken of(String token, Path file) {
    if (file != null) return new BearerToken(AgentToken.read(file), file);
    return token == null ? null : new BearerToken(AgentToken.check("--token", token), null);
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    executor.execute(() -> {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + current());
      applier.apply(headers);
    });
  }

  String current() {
    if (file == null) return token;
    try {
      token = AgentToken.read(file);
    } catch (IllegalArgumentException e) {
      logger.warn("{}; using the token read before", e.getMessage());
    }
    return token;
  }

  /** Never the token itself. */
  @Override
  public String toString() {
    return file != null ? "BearerToken(file " + file + ")" : "BearerToken(set)";
  }
}
