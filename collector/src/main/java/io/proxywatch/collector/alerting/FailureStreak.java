package io.proxywatch.collector.alerting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the first failure of a streak at WARN, the rest at DEBUG, and the recovery at INFO. Thread-confined. */
final class FailureStreak {
  private static final Logger logger = LoggerFactory.getLogger(FailureStreak.class);

  private final String what;
  private int failures;

  FailureStreak(String what) {
    this.what = what;
  }

  void failed(String error) {
    if (failures++ == 0) {
      logger.warn("{} failing: {} (retrying with backoff; further failures are logged at DEBUG)", what, error);
    } else {
      logger.debug("{} failing ({} in a row): {}", what, failures, error);
    }
  }

  void succeeded() {
    if (failures > 0) logger.info("{} working again after {} failed attempts", what, failures);
    failures = 0;
  }
}
