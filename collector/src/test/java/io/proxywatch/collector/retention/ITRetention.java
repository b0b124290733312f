package io.proxywatch.collector.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.TestSamples;
import io.proxywatch.collector.storage.ReadQueries;
import io.proxywatch.collector.storage.RollupJob;
import io.proxywatch.collector.storage.SampleWriter;
import io.proxywatch.collector.storage.StatsQuery;
import io.proxywatch.collector.storage.StatsSeries;
import io.proxywatch.collector.storage.WriteRequest;
import io.proxywatch.proto.v1.Sample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention against a real TimescaleDB: 40 days of samples, 30 kept; rollups and stats still cover all 40. */
class ITRetention {
  static final int SAMPLES = 200_000;
  static final Duration SPAN = Duration.ofDays(40);

  HikariDataSource pool;
  Instant now;

  @BeforeEach
  void setUp() {
    pool = TestDatabase.migrated();
    now = Instant.now().truncatedTo(ChronoUnit.HOURS);
  }

  @AfterEach
  void tearDown() {
    pool.close();
  }

  @Test
  void oldChunksAreDropped_rollupsAndStatsStillAnswer_andOldResolvedEpisodesGo() throws Exception {
    write();
    assertThat(RollupJob.drain(pool)).isGreaterThan(900);
    StatsSeries before = stats();
    long sizeBefore = value("SELECT hypertable_size('samples')");
    execute("INSERT INTO stats_rollup_dirty (hour) VALUES ('" + now.minus(Duration.ofDays(35)) + "')");
    long oldEpisode = episode(now.minus(Duration.ofDays(100)));
    long recentEpisode = episode(now.minus(Duration.ofDays(1)));

    RetentionJob.Removed removed = RetentionJob.runOnce(pool, RetentionPolicy.DEFAULT);

    assertThat(removed.sampleChunks()).isBetween(9L, 11L);
    assertThat(removed.staleRollupMarks()).isEqualTo(1);
    assertThat(value("SELECT count(*) FROM samples WHERE time < now() - interval '31 days'")).isZero();
    long kept = value("SELECT count(*) FROM samples");
    assertThat(kept).isBetween(SAMPLES * 29L / 40, SAMPLES * 31L / 40);
    assertThat(total(stats())).as("the rollups answer for the dropped days").isEqualTo(total(before)).isEqualTo(SAMPLES);
    assertThat(value("SELECT count(*) FROM divergence_episodes WHERE id = " + oldEpisode)).isZero();
    assertThat(value("SELECT count(*) FROM divergence_episodes WHERE id = " + recentEpisode)).isEqualTo(1);
    assertThat(value("SELECT count(*) FROM notification_outbox")).isEqualTo(1);
    assertThat(removed.evidence()).isEqualTo(1);
    long sizeAfter = value("SELECT hypertable_size('samples')");
    System.out.printf("retention-disk: before %d bytes / %d samples = %.1f MB per million; after %d bytes / %d samples"
        + " = %.1f MB per million%n", sizeBefore, SAMPLES, sizeBefore / (SAMPLES / 1e6) / 1e6, sizeAfter, kept,
        sizeAfter / (kept / 1e6) / 1e6);
  }

  /** 200,000 samples spread evenly over the 40 days that ended two hours ago. */
  private void write() throws Exception {
    try (SampleWriter writer = new SampleWriter(pool, 100, 5000, new SimpleMeterRegistry())) {
      Instant first = now.minus(SPAN).minus(Duration.ofHours(2));
      long stepMicros = SPAN.toNanos() / 1000 / SAMPLES;
      List<Sample> batch = new ArrayList<>();
      for (int i = 1; i <= SAMPLES; i++) {
        long micros = first.toEpochMilli() * 1000 + i * stepMicros;
        batch.add(TestSamples.sample("tokyo-1", "tokyo", i).toBuilder().setStartedUnixMicros(micros)
            .setScheduledUnixMicros(micros).build());
        if (batch.size() == 5000) {
          WriteRequest request = WriteRequest.of("tokyo-1", "tokyo", batch, i, 0);
          writer.submit(request);
          request.done().get(60, TimeUnit.SECONDS);
          batch = new ArrayList<>();
        }
      }
    }
  }

  private StatsSeries stats() throws Exception {
    return new ReadQueries(pool).stats(new StatsQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        now.minus(SPAN).minus(Duration.ofDays(1)), now, Duration.ofHours(1)));
  }

  private static long total(StatsSeries series) {
    return series.points().stream().mapToLong(StatsSeries.Point::count).sum();
  }

  /** A resolved episode with one evidence row and one delivered notification, all from {@code resolvedAt}. */
  private long episode(Instant resolvedAt) throws Exception {
    long id = value("INSERT INTO divergence_episodes (kind, module, version, endpoint, url, state, opened_at, resolved_at,"
        + " last_disagreement_at) VALUES ('content', 'example.com/m', 'v1.0.0', 'mod', 'http://x', 'resolved', '"
        + resolvedAt + "', '" + resolvedAt + "', '" + resolvedAt + "') RETURNING id");
    execute("INSERT INTO divergence_evidence VALUES (" + id + ", 'tokyo', 'f', '" + resolvedAt + "', '" + resolvedAt
        + "', 'tokyo-1', 1, 'http://x')");
    execute("INSERT INTO notification_outbox (episode_id, event, event_sequence, channel, payload, created_at, delivered_at)"
        + " VALUES (" + id + ", 'resolved', 2, 'webhook:x:1', '{}', '" + resolvedAt + "', '" + resolvedAt + "')");
    return id;
  }

  private long value(String sql) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
