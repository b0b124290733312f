package io.proxywatch.collector.cli;

import io.proxywatch.collector.watch.WatchConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What to watch (a file, besides REST and the CLI) and how releases are followed. */
final class WatchOptions {
  @Option(names = "--watches-file", paramLabel = "FILE", defaultValue = "",
      description = "YAML file of watches and per-region pins; the source of truth for its own entries"
          + " (env PROXYWATCH_WATCHES_FILE)")
  String watchesFile;

  @Option(names = "--index-url", paramLabel = "URL", defaultValue = WatchConfig.DEFAULT_INDEX,
      description = "The module index followed for new releases of watched modules, or 'off'"
          + " (env PROXYWATCH_INDEX_URL). Default: ${DEFAULT-VALUE}")
  String indexUrl;

  @Option(names = "--index-poll", paramLabel = "DURATION", defaultValue = WatchConfig.DEFAULT_INDEX_POLL,
      description = "How often the leader asks the module index for new releases (env PROXYWATCH_INDEX_POLL)."
          + " Default: ${DEFAULT-VALUE}")
  String indexPoll;

  @Option(names = "--fast-cadence", paramLabel = "DURATION", defaultValue = WatchConfig.DEFAULT_FAST_CADENCE,
      description = "How often every region probes a release until it has propagated everywhere"
          + " (env PROXYWATCH_FAST_CADENCE). Default: ${DEFAULT-VALUE}")
  String fastCadence;

  @Option(names = "--fast-window", paramLabel = "DURATION", defaultValue = WatchConfig.DEFAULT_FAST_WINDOW,
      description = "...for at most this long after its index time; then the watch's cadence applies"
          + " (env PROXYWATCH_FAST_WINDOW). Default: ${DEFAULT-VALUE}")
  String fastWindow;

  WatchConfig config(CommandLine cmd) {
    Optional<Path> file = watchesFile.isBlank() ? Optional.empty() : Optional.of(Path.of(watchesFile));
    if (file.isPresent() && !Files.isReadable(file.get())) {
      throw CollectorMain.badValue(cmd, "--watches-file", "a readable file", watchesFile);
    }
    return new WatchConfig(file, index(cmd), duration(cmd, "--index-poll", indexPoll, Duration.ofSeconds(1)),
        duration(cmd, "--fast-cadence", fastCadence, Duration.ofSeconds(1)),
        duration(cmd, "--fast-window", fastWindow, Duration.ZERO), WatchConfig.REFRESH);
  }

  private Optional<URI> index(CommandLine cmd) {
    if (indexUrl.equals("off")) return Optional.empty();
    try {
      URI uri = new URI(indexUrl);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw CollectorMain.badValue(cmd, "--index-url", "an http(s) URL without query, or off", indexUrl);
  }

  private static Duration duration(CommandLine cmd, String option, String text, Duration min) {
    return OperationsOptions.duration(cmd, option, text, min);
  }
}
