package io.proxywatch.agent.cli;

import io.proxywatch.agent.AgentConfig;
import io.proxywatch.agent.AgentConfigBuilder;
import io.proxywatch.agent.FetchConfig;
import io.proxywatch.agent.Sizes;
import io.proxywatch.agent.probe.AcceptEncoding;
import io.proxywatch.agent.probe.EgressProxy;
import io.proxywatch.agent.probe.GoproxyAuth;
import io.proxywatch.agent.probe.IpFamily;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.TrustMaterial;
import io.proxywatch.agent.transport.AgentToken;
import io.proxywatch.agent.transport.CollectorChannels;
import io.proxywatch.common.Durations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the options into an {@link AgentConfig}, or fails with one message that names the option and the
 * value: {@code --interval: expected a duration >= 1s, got "0s"}.
 */
final class ConfigLoader {
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private ConfigLoader() {}

  /** The configuration; IllegalArgumentException with a message for the user otherwise. */
  static AgentConfig load(AgentOptions o, Map<String, String> env) {
    if (o.region == null) throw new IllegalArgumentException("--region: required (or set PROXYWATCH_REGION)");
    AgentConfigBuilder b = AgentConfig.builder().region(o.region).agentId(o.agentId).collector(o.collector)
        .goproxy(goproxy(o)).modules(o.modules).connectTo(o.connectTo)
        .fetch(fetch(o, env))
        .endpoints(endpoints(o.endpoints))
        .interval(duration("--interval", o.interval, MIN_INTERVAL))
        .timeout(duration("--timeout", o.timeout, Duration.ZERO))
        .keepAlive(o.keepAlive)
        .concurrency(number("--concurrency", o.concurrency))
        .maxBodyBytes(size("--max-body", o.maxBody))
        .spoolMaxBytes(size("--spool-max-bytes", o.spoolMaxBytes))
        .token(o.token)
        .collectorTls(o.collectorTls);
    if (o.modulesFile != null) b.modules(ModulesFile.read(Path.of(o.modulesFile)));
    if (o.stateDir != null) b.stateDir(Path.of(o.stateDir));
    if (o.metricsPort != null) b.metrics(o.metricsBind, number("--metrics-port", o.metricsPort));
    if (o.caFile != null) b.caFile(caFile(o.caFile));
    if (o.tokenFile != null) b.tokenFile(Path.of(o.tokenFile));
    if (o.collectorCa != null) b.collectorCa(Path.of(o.collectorCa));
    if (o.clientCert != null || o.clientKey != null) {
      b.clientCert(o.clientCert == null ? null : Path.of(o.clientCert), o.clientKey == null ? null : Path.of(o.clientKey));
    }
    AgentConfig config = b.build();
    checkFiles(config);
    return config;
  }

  /** Reads the token file and builds the TLS context now, so a bad file is a usage error, not a failed start. */
  private static void checkFiles(AgentConfig config) {
    if (config.tokenFile() != null) AgentToken.read(config.tokenFile());
    if (config.fetch().proxyAuthFile() != null) GoproxyAuth.load(config.fetch().proxyAuthFile(), Clock.systemUTC());
    if (config.tls()) CollectorChannels.sslContext(config.collectorTarget());
  }

  /** --goproxy, else the deprecated --proxy, else the default. */
  private static String goproxy(AgentOptions o) {
    return o.goproxy != null ? o.goproxy : o.deprecatedProxy != null ? o.deprecatedProxy : AgentConfigBuilder.DEFAULT_PROXY;
  }

  private static FetchConfig fetch(AgentOptions o, Map<String, String> env) {
    return new FetchConfig(parsed("--accept-encoding", o.acceptEncoding, AcceptEncoding::parse),
        o.userAgent != null ? o.userAgent : FetchConfig.DEFAULT_USER_AGENT,
        parsed("--ip-family", o.ipFamily, IpFamily::parse), FetchConfig.resolver(o.resolver),
        EgressProxy.of(o.egressProxy, o.noProxy, env), o.proxyAuthFile == null ? null : Path.of(o.proxyAuthFile));
  }

  /** {@code parser}'s value, or its message prefixed with the option. */
  static <T> T parsed(String option, String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static Duration duration(String option, String text, Duration min) {
    return parsed(option, text, t -> Durations.parseAtLeast(t, min));
  }

  private static int number(String option, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a whole number, got \"" + text + "\"", e);
    }
  }

  private static long size(String option, String text) {
    return parsed(option, text, Sizes::parse);
  }

  private static List<Endpoint> endpoints(String text) {
    return parsed("--endpoints", text, Endpoint::parseList);
  }

  /** Checked here, not only when the agent starts, so a bad file is a usage error with a clear message. */
  private static Path caFile(String text) {
    Path file = Path.of(text);
    try {
      TrustMaterial.readPem(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ca-file: " + e.getMessage(), e);
    }
    return file;
  }
}
