package io.proxywatch.bench.query;

import java.time.Duration;
import java.time.Instant;

/**
 * The shape of the query benchmark's dataset: {@code regions} x {@code urls} probed every {@code interval}
 * for {@code days} days up to {@code end}. The defaults give 4 x 1,000 x 432 x 30 = 51.8 million samples.
 */
public record Dataset(int regions, int urls, Duration interval, int days, Instant end) {
  public static final String[] REGIONS = {"tokyo", "frankfurt", "sao-paulo", "los-angeles", "sydney", "mumbai"};

  public static Dataset standard(Instant end) {
    return new Dataset(4, 1_000, Duration.ofSeconds(200), 30, end);
  }

  public long probesPerDay() {
    return Duration.ofDays(1).dividedBy(interval);
  }

  public long rowsPerDay() {
    return probesPerDay() * regions * urls;
  }

  public long rows() {
    return rowsPerDay() * days;
  }

  public Instant dayStart(int day) {
    return end.minus(Duration.ofDays(days - day));
  }

  public String agentId(int region) {
    return "bench-" + REGIONS[region];
  }
}
