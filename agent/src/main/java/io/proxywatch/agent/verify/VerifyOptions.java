package io.proxywatch.agent.verify;

import io.proxywatch.agent.Sizes;
import io.proxywatch.common.Durations;
import io.proxywatch.sumdb.GoSumDb;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The verification options, mixed into the agent's command line; {@link #load} names option and value on error. */
public final class VerifyOptions {
  @Option(names = "--verify", description = "Verify .mod and .zip against the Go checksum database. "
      + "Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_VERIFY.")
  boolean verify;

  @Option(names = "--gosumdb", paramLabel = "'NAME+HASH+KEY [URL]'", defaultValue = "sum.golang.org",
      description = "Checksum database, GOSUMDB syntax. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_GOSUMDB.")
  String gosumdb;

  @Option(names = "--verify-every", paramLabel = "DURATION", defaultValue = "24h",
      description = "Verify each .mod and .zip again after this long. Default: ${DEFAULT-VALUE}. Env: PROXYWATCH_VERIFY_EVERY.")
  String every;

  @Option(names = "--verify-bandwidth", paramLabel = "SIZE/s", defaultValue = "10MiB/s",
      description = "Most verification downloads per second; 0 for no cap. Default: ${DEFAULT-VALUE}. "
          + "Env: PROXYWATCH_VERIFY_BANDWIDTH.")
  String bandwidth;

  @Option(names = "--sumdb-heads-every", paramLabel = "DURATION", defaultValue = "5m",
      description = "Read and report each source's /latest this often. Default: ${DEFAULT-VALUE}. "
          + "Env: PROXYWATCH_SUMDB_HEADS_EVERY.")
  String headsEvery;

  /** The configuration; IllegalArgumentException naming the option and the value otherwise. */
  public VerifyConfig load(Duration timeout) {
    GoSumDb db = gosumdb(gosumdb);
    return new VerifyConfig(verify, db, duration("--verify-every", every, Duration.ofMinutes(1)),
        bandwidth(bandwidth), duration("--sumdb-heads-every", headsEvery, Duration.ofSeconds(1)), timeout);
  }

  static GoSumDb gosumdb(String text) {
    try {
      return GoSumDb.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage(), e); // GoSumDb's messages start "gosumdb" and quote the value
    }
  }

  static long bandwidth(String text) {
    String t = text.trim();
    try {
      return Sizes.parse(t.endsWith("/s") ? t.substring(0, t.length() - 2) : t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--verify-bandwidth: expected a size per second (10MiB/s) or 0, got \""
          + text + "\"", e);
    }
  }

  private static Duration duration(String option, String text, Duration min) {
    try {
      return Durations.parseAtLeast(text, min);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }
}
