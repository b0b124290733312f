package io.proxywatch.collector.alerting;

import org.slf4j.Logger;

/** Logs the first failure of a streak at WARN, the rest at DEBUG, and the recovery at INFO. Thread-confined. */
public final class FailureStreak {
  private final Logger logger;
  private final String what;
  private int failures;

  /** Logs to the owner's {@code logger}, so the line names the class that failed. */
  public FailureStreak(Logger logger, String what) {
    this.logger = logger;
    this.what = what;
  }

  public void failed(String error) {
    if (failures++ == 0) {
      logger.warn("{} failing: {} (will retry; further failures are logged at DEBUG until it works again)", what, error);
    } else {
      logger.debug("{} failing ({} in a row): {}", what, failures, error);
    }
  }

  public void succeeded() {
    if (failures > 0) logger.info("{} working again after {} failed attempts", what, failures);
    failures = 0;
  }
}
