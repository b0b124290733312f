package io.proxywatch.agent.verify;

import io.proxywatch.common.Durations;
import io.proxywatch.sumdb.GoSumDb;
import java.time.Duration;
import java.util.Objects;

/**
 * How an agent verifies against the Go checksum database; {@link #OFF} when it does not.
 *
 * @param gosumdb the database (GOSUMDB syntax), read through each proxy's {@code /sumdb/<name>/} and directly
 *     when it has a URL
 * @param every how long a verified .mod or .zip stays verified before it is verified again
 * @param bandwidth bytes per second verification may download (zips and tiles); 0 for no cap
 * @param headsEvery how often each source's {@code /latest} is read and reported
 * @param timeout deadline of each request to the database and of one zip download's idle read
 */
public record VerifyConfig(boolean enabled, GoSumDb gosumdb, Duration every, long bandwidth, Duration headsEvery,
                           Duration timeout) {
  public static final Duration DEFAULT_EVERY = Duration.ofHours(24);
  public static final Duration DEFAULT_HEADS_EVERY = Duration.ofMinutes(5);
  public static final long DEFAULT_BANDWIDTH = 10L << 20;
  public static final VerifyConfig OFF = new VerifyConfig(false, GoSumDb.DEFAULT, DEFAULT_EVERY, DEFAULT_BANDWIDTH,
      DEFAULT_HEADS_EVERY, Duration.ofSeconds(70));

  public VerifyConfig {
    Objects.requireNonNull(gosumdb, "gosumdb");
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(headsEvery, "headsEvery");
    Objects.requireNonNull(timeout, "timeout");
    if (bandwidth < 0) throw new IllegalArgumentException("--verify-bandwidth: expected >= 0, got " + bandwidth);
  }

  /** Verification on, against {@code gosumdb}, with the default cadences. */
  public static VerifyConfig against(GoSumDb gosumdb) {
    return new VerifyConfig(true, gosumdb, DEFAULT_EVERY, DEFAULT_BANDWIDTH, DEFAULT_HEADS_EVERY, OFF.timeout);
  }

  public VerifyConfig withEvery(Duration value, Duration heads) {
    return new VerifyConfig(enabled, gosumdb, value, bandwidth, heads, timeout);
  }

  public VerifyConfig withBandwidth(long value) {
    return new VerifyConfig(enabled, gosumdb, every, value, headsEvery, timeout);
  }

  /** For the start-up line and --check (nothing here is secret). */
  public String describe() {
    if (!enabled) return "verify=false";
    return "verify=true gosumdb=" + gosumdb + " verify-every=" + Durations.format(every) + " verify-bandwidth="
        + (bandwidth == 0 ? "unlimited" : bandwidth + "B/s") + " sumdb-heads-every=" + Durations.format(headsEvery);
  }
}
