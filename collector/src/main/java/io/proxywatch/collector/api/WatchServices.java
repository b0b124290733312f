package io.proxywatch.collector.api;

import io.proxywatch.collector.check.CheckQueries;
import io.proxywatch.collector.check.Checks;
import io.proxywatch.collector.release.ReleaseQueries;
import io.proxywatch.collector.watch.WatchStore;
import java.util.Objects;

/** What the watch, release and check routes use; {@code changed} recomputes the target sets after an edit. */
public record WatchServices(WatchStore watches, Runnable changed, ReleaseQueries releases, Checks checks,
                            CheckQueries results) {
  public WatchServices {
    Objects.requireNonNull(watches, "watches");
    Objects.requireNonNull(changed, "changed");
    Objects.requireNonNull(releases, "releases");
    Objects.requireNonNull(checks, "checks");
    Objects.requireNonNull(results, "results");
  }
}
