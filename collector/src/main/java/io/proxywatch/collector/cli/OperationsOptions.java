package io.proxywatch.collector.cli;

import io.proxywatch.collector.Operations;
import io.proxywatch.collector.logging.LogFormat;
import io.proxywatch.common.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The collector as a service: health, shutdown, gRPC connection lifetime, agents' clocks, log format. */
final class OperationsOptions {
  @Option(names = "--stall-bound", defaultValue = Operations.DEFAULT_STALL_BOUND,
      description = "/healthz fails when the sample writer, or on the leader the divergence evaluator or the notifier,"
          + " has made no progress for this long (env PROXYWATCH_STALL_BOUND). Default: ${DEFAULT-VALUE}")
  String stallBound;

  @Option(names = "--drain-delay", defaultValue = Operations.DEFAULT_DRAIN_DELAY,
      description = "At shutdown, how long /readyz and gRPC health say 'not ready' before the ports close"
          + " (env PROXYWATCH_DRAIN_DELAY). Default: ${DEFAULT-VALUE}")
  String drainDelay;

  @Option(names = "--grpc-max-connection-age", defaultValue = Operations.DEFAULT_MAX_CONNECTION_AGE,
      description = "Agents' connections are closed after this long, so they reconnect and spread over new replicas"
          + " (env PROXYWATCH_GRPC_MAX_CONNECTION_AGE). Default: ${DEFAULT-VALUE}")
  String maxConnectionAge;

  @Option(names = "--grpc-max-connection-age-grace", defaultValue = Operations.DEFAULT_MAX_CONNECTION_AGE_GRACE,
      description = "How long a stream may finish on a connection past its age"
          + " (env PROXYWATCH_GRPC_MAX_CONNECTION_AGE_GRACE). Default: ${DEFAULT-VALUE}")
  String maxConnectionAgeGrace;

  @Option(names = "--clock-skew-bound", defaultValue = Operations.DEFAULT_CLOCK_SKEW_BOUND,
      description = "An agent whose clock is off by more than this opens an agent_clock warning"
          + " (env PROXYWATCH_CLOCK_SKEW_BOUND). Default: ${DEFAULT-VALUE}")
  String clockSkewBound;

  @Option(names = "--log-format", defaultValue = "text",
      description = "text or json, one object per line (env PROXYWATCH_LOG_FORMAT). Default: ${DEFAULT-VALUE}")
  String logFormat;

  Operations operations(CommandLine cmd) {
    return new Operations(duration(cmd, "--stall-bound", stallBound, Duration.ofSeconds(1)),
        duration(cmd, "--drain-delay", drainDelay, Duration.ZERO),
        duration(cmd, "--grpc-max-connection-age", maxConnectionAge, Duration.ofSeconds(1)),
        duration(cmd, "--grpc-max-connection-age-grace", maxConnectionAgeGrace, Duration.ZERO),
        duration(cmd, "--clock-skew-bound", clockSkewBound, Duration.ofMillis(1)));
  }

  LogFormat logFormat(CommandLine cmd) {
    try {
      return LogFormat.parse(logFormat);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--log-format: " + e.getMessage());
    }
  }

  static Duration duration(CommandLine cmd, String option, String text, Duration min) {
    try {
      return Durations.parseAtLeast(text, min);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, option + ": " + e.getMessage());
    }
  }
}
