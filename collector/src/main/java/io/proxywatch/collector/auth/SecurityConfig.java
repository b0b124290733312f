package io.proxywatch.collector.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may talk to the collector and how.
 *
 * @param tokensRequired agents need an enrolled token and REST callers an API token; off only for local use
 * @param tlsCert        PEM certificate chain for gRPC and HTTP; empty for plaintext
 * @param tlsKey         PEM private key (PKCS#8) for that certificate
 * @param clientCa       PEM CA bundle: when set, agents must present a client certificate it signed (mutual TLS)
 * @param ratePerSecond  REST requests per second allowed per API token (and per address for bad tokens)
 * @param refresh        how often token changes made elsewhere (another replica, the CLI) are picked up
 * @param agentTokensFile lines "AGENT_ID REGION TOKEN" enrolled at start (tokens from a Secret)
 * @param apiTokensFile  lines "NAME read|admin TOKEN" created at start
 */
public record SecurityConfig(boolean tokensRequired, Optional<Path> tlsCert, Optional<Path> tlsKey,
                             Optional<Path> clientCa, double ratePerSecond, Duration refresh,
                             Optional<Path> agentTokensFile, Optional<Path> apiTokensFile) {
  public SecurityConfig {
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(clientCa, "clientCa");
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(agentTokensFile, "agentTokensFile");
    Objects.requireNonNull(apiTokensFile, "apiTokensFile");
    if (tlsCert.isPresent() != tlsKey.isPresent()) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    if (clientCa.isPresent() && tlsCert.isEmpty()) throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
  }

  /** No TLS, no tokens: tests and a collector embedded on a trusted loopback only. */
  public static SecurityConfig open() {
    return new SecurityConfig(false, Optional.empty(), Optional.empty(), Optional.empty(), 50, Duration.ofSeconds(5),
        Optional.empty(), Optional.empty());
  }

  public SecurityConfig requiringTokens() {
    return new SecurityConfig(true, tlsCert, tlsKey, clientCa, ratePerSecond, refresh, agentTokensFile, apiTokensFile);
  }

  public SecurityConfig withTls(Path cert, Path key, Optional<Path> clientCa) {
    return new SecurityConfig(tokensRequired, Optional.of(cert), Optional.of(key), clientCa, ratePerSecond, refresh,
        agentTokensFile, apiTokensFile);
  }

  public SecurityConfig withRate(double perSecond) {
    return new SecurityConfig(tokensRequired, tlsCert, tlsKey, clientCa, perSecond, refresh, agentTokensFile, apiTokensFile);
  }

  public SecurityConfig withTokenFiles(Optional<Path> agents, Optional<Path> api) {
    return new SecurityConfig(tokensRequired, tlsCert, tlsKey, clientCa, ratePerSecond, refresh, agents, api);
  }

  public boolean tls() {
    return tlsCert.isPresent();
  }
}
