package io.proxywatch.collector.auth;

import io.proxywatch.common.Durations;
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
 * @param tlsReload      how often the TLS files are checked for a renewed certificate (see ServerTls)
 */
public record SecurityConfig(boolean tokensRequired, Optional<Path> tlsCert, Optional<Path> tlsKey,
                             Optional<Path> clientCa, double ratePerSecond, Duration refresh,
                             Optional<Path> agentTokensFile, Optional<Path> apiTokensFile, Duration tlsReload) {
  /** The defaults of the options, written once as the options write them. */
  public static final String DEFAULT_TLS_RELOAD = "1m";
  public static final String DEFAULT_API_RATE_LIMIT = "20";
  /** How often token changes made by another replica or the CLI are picked up. */
  public static final Duration REFRESH = Duration.ofSeconds(5);
  /** An open collector serves tests and trusted loopback callers, so its rate limit is generous. */
  private static final double OPEN_RATE_PER_SECOND = 50;

  public SecurityConfig {
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(clientCa, "clientCa");
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(agentTokensFile, "agentTokensFile");
    Objects.requireNonNull(apiTokensFile, "apiTokensFile");
    if (!ServerTls.validInterval(tlsReload)) throw new IllegalArgumentException("--tls-reload-interval: expected 1s to 1d, got " + tlsReload);
    if (tlsCert.isPresent() != tlsKey.isPresent()) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    if (clientCa.isPresent() && tlsCert.isEmpty()) throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
  }

  /** No TLS, no tokens: tests and a collector embedded on a trusted loopback only. */
  public static SecurityConfig open() {
    return new SecurityConfig(false, Optional.empty(), Optional.empty(), Optional.empty(), OPEN_RATE_PER_SECOND, REFRESH,
        Optional.empty(), Optional.empty(), Durations.parse(DEFAULT_TLS_RELOAD));
  }

  public SecurityConfig requiringTokens() {
    return new SecurityConfig(true, tlsCert, tlsKey, clientCa, ratePerSecond, refresh, agentTokensFile, apiTokensFile, tlsReload);
  }

  public SecurityConfig withTls(Path cert, Path key, Optional<Path> clientCa) {
    return new SecurityConfig(tokensRequired, Optional.of(cert), Optional.of(key), clientCa, ratePerSecond, refresh,
        agentTokensFile, apiTokensFile, tlsReload);
  }

  public SecurityConfig withRate(double perSecond) {
    return new SecurityConfig(tokensRequired, tlsCert, tlsKey, clientCa, perSecond, refresh, agentTokensFile, apiTokensFile, tlsReload);
  }

  public SecurityConfig withTokenFiles(Optional<Path> agents, Optional<Path> api) {
    return new SecurityConfig(tokensRequired, tlsCert, tlsKey, clientCa, ratePerSecond, refresh, agents, api, tlsReload);
  }

  public SecurityConfig withTlsReload(Duration interval) {
    return new SecurityConfig(tokensRequired, tlsCert, tlsKey, clientCa, ratePerSecond, refresh, agentTokensFile,
        apiTokensFile, interval);
  }

  public boolean tls() {
    return tlsCert.isPresent();
  }
}
