package io.proxywatch.agent.cli;

import io.proxywatch.agent.AgentConfig;
import io.proxywatch.agent.AgentConfigBuilder;
import io.proxywatch.agent.Sizes;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.TrustMaterial;
import io.proxywatch.agent.transport.AgentToken;
import io.proxywatch.agent.transport.CollectorChannels;
import io.proxywatch.common.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Turns the options into an {@link AgentConfig}, or fails with one message that names the option and the
 * value: {@code --interval: expected a duration >= 1s, got "0s"}.
 */
final class ConfigLoader {
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private ConfigLoader() {}

  /** The configuration; IllegalArgumentException with a message for the user otherwise. */
  static AgentConfig load(AgentOptions o) {
    if (o.region == null) throw new IllegalArgumentException("--region: required (or set PROXYWATCH_REGION)");
    AgentConfigBuilder b = AgentConfig.builder().region(o.region).agentId(o.agentId).collector(o.collector)
        .proxy(o.proxy).modules(o.modules).connectTo(o.connectTo)
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
    if (config.tls()) CollectorChannels.sslContext(config.collectorTarget());
  }

  private static Duration duration(String option, String text, Duration min) {
    try {
      return Durations.parseAtLeast(text, min);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static int number(String option, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a whole number, got \"" + text + "\"", e);
    }
  }

  private static long size(String option, String text) {
    try {
      return Sizes.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static List<Endpoint> endpoints(String text) {
    try {
      return Endpoint.parseList(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--endpoints: " + e.getMessage(), e);
    }
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
