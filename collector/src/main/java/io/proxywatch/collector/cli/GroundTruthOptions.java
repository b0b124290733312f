package io.proxywatch.collector.cli;

import io.proxywatch.collector.divergence.GroundTruthPolicy;
import io.proxywatch.common.Durations;
import io.proxywatch.sumdb.GoSumDb;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How what agents verified against the Go checksum database is judged. */
final class GroundTruthOptions {
  @Option(names = "--gosumdb", defaultValue = "sum.golang.org",
      description = "The checksum database agents verify against, GOSUMDB syntax 'name+hash+key [url]'; its key"
          + " must sign the tree heads compared for forks (env PROXYWATCH_GOSUMDB). Default: ${DEFAULT-VALUE}")
  String gosumdb;

  @Option(names = "--sumdb-stale-grace", defaultValue = GroundTruthPolicy.DEFAULT_STALE_GRACE,
      description = "A region's /latest may stay behind the others this long before sumdb_stale opens"
          + " (env PROXYWATCH_SUMDB_STALE_GRACE). Default: ${DEFAULT-VALUE}")
  String staleGrace;

  GroundTruthPolicy policy(CommandLine cmd) {
    GoSumDb db;
    try {
      db = GoSumDb.parse(gosumdb);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--" + e.getMessage(), e);
    }
    Duration grace;
    try {
      grace = Durations.parseAtLeast(staleGrace, Duration.ZERO);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--sumdb-stale-grace: " + e.getMessage(), e);
    }
    return GroundTruthPolicy.of(db, grace, Duration.ofSeconds(10));
  }
}
