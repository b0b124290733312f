package io.proxywatch.collector.cli;

import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.auth.ServerTls;
import io.proxywatch.collector.auth.TokenFiles;
import io.proxywatch.common.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** TLS, tokens and the REST rate limit of `serve`. */
final class SecurityOptions {
  @Option(names = "--tls-cert", defaultValue = "",
      description = "PEM certificate chain for gRPC and HTTP (env PROXYWATCH_TLS_CERT); plaintext without it")
  String tlsCert;

  @Option(names = "--tls-key", defaultValue = "",
      description = "PEM (PKCS#8) private key of --tls-cert (env PROXYWATCH_TLS_KEY)")
  String tlsKey;

  @Option(names = "--tls-client-ca", defaultValue = "",
      description = "PEM CA bundle; agents must then present a client certificate it signed (env PROXYWATCH_TLS_CLIENT_CA)")
  String clientCa;

  @Option(names = "--tls-reload-interval", defaultValue = SecurityConfig.DEFAULT_TLS_RELOAD,
      description = "How often the TLS files are checked for a renewed certificate, 1s-1d (env PROXYWATCH_TLS_RELOAD_INTERVAL)."
          + " Default: ${DEFAULT-VALUE}")
  String tlsReload;

  @Option(names = "--insecure-no-auth",
      description = "Accept agents and REST calls without tokens. Only for a collector nobody else can reach"
          + " (env PROXYWATCH_INSECURE_NO_AUTH)")
  boolean noAuth;

  @Option(names = "--agent-tokens-file", defaultValue = "",
      description = "Lines 'AGENT_ID REGION TOKEN' to enrol at start, e.g. from a mounted Secret (env PROXYWATCH_AGENT_TOKENS_FILE)")
  String agentTokensFile;

  @Option(names = "--api-tokens-file", defaultValue = "",
      description = "Lines 'NAME read|admin TOKEN' to create at start (env PROXYWATCH_API_TOKENS_FILE)")
  String apiTokensFile;

  @Option(names = "--api-rate-limit", defaultValue = SecurityConfig.DEFAULT_API_RATE_LIMIT,
      description = "REST requests per second per token, bursts of twice that (env PROXYWATCH_API_RATE_LIMIT). Default: ${DEFAULT-VALUE}")
  double rate;

  SecurityConfig config(CommandLine cmd) {
    if (!(rate >= 0.1 && rate <= 100_000)) throw CollectorMain.badValue(cmd, "--api-rate-limit", "0.1-100000", String.valueOf(rate));
    Optional<Path> cert = file(cmd, "--tls-cert", tlsCert);
    Optional<Path> key = file(cmd, "--tls-key", tlsKey);
    Optional<Path> ca = file(cmd, "--tls-client-ca", clientCa);
    if (cert.isPresent() != key.isPresent()) {
      throw CollectorMain.badValue(cmd, cert.isPresent() ? "--tls-key" : "--tls-cert", "a file (--tls-cert and --tls-key go together)", "");
    }
    if (ca.isPresent() && cert.isEmpty()) throw CollectorMain.badValue(cmd, "--tls-client-ca", "--tls-cert and --tls-key as well", clientCa);
    Optional<Path> agents = file(cmd, "--agent-tokens-file", agentTokensFile);
    Optional<Path> api = file(cmd, "--api-tokens-file", apiTokensFile);
    try {
      if (agents.isPresent()) TokenFiles.read(agents.get(), TokenFiles.Kind.AGENTS);
      if (api.isPresent()) TokenFiles.read(api.get(), TokenFiles.Kind.API);
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    return new SecurityConfig(!noAuth, cert, key, ca, rate, SecurityConfig.REFRESH, agents, api, reloadInterval(cmd));
  }

  private Duration reloadInterval(CommandLine cmd) {
    try {
      return Durations.parseBetween(tlsReload, ServerTls.MIN_RELOAD, ServerTls.MAX_RELOAD);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--tls-reload-interval: " + e.getMessage());
    }
  }

  private static Optional<Path> file(CommandLine cmd, String option, String value) {
    if (value == null || value.isEmpty()) return Optional.empty();
    Path path = Path.of(value);
    if (!Files.isReadable(path) || Files.isDirectory(path)) throw CollectorMain.badValue(cmd, option, "a readable file", value);
    return Optional.of(path);
  }
}
