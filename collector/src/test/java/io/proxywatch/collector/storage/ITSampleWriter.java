package io.proxywatch.collector.storage;

import static io.proxywatch.collector.TestSamples.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proxywatch.collector.MigratedDatabase;
import io.proxywatch.proto.v1.Sample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several writer lanes at once keep each agent's samples exactly once, its gaps exact, and the listeners one at a time. */
class ITSampleWriter {
  @RegisterExtension
  static final MigratedDatabase db = new MigratedDatabase();

  @Test
  void threeLanes_manyAgents_storeEachSampleOnce_withExactGaps() throws Exception {
    AtomicInteger inListener = new AtomicInteger();
    AtomicBoolean overlapped = new AtomicBoolean();
    AtomicLong heard = new AtomicLong();
    List<CompletableFuture<Long>> done = new ArrayList<>();
    try (SampleWriter writer = new SampleWriter(db.pool(), 3, 600, 1000, new SimpleMeterRegistry())) {
      writer.onStored(samples -> {
        if (inListener.incrementAndGet() > 1) overlapped.set(true);
        heard.addAndGet(samples.size());
        inListener.decrementAndGet();
      });
      for (int round = 0; round < 5; round++) {
        for (int agent = 0; agent < 12; agent++) {
          String id = "lane-agent-" + agent;
          long first = round * 100L + 1;
          done.add(submit(writer, id, range(id, "tokyo", first, first + 99)));
          done.add(submit(writer, id, range(id, "tokyo", Math.max(1, first - 50), first + 49)));
        }
      }
      for (int agent = 0; agent < 12; agent++) {
        String id = "lane-agent-" + agent;
        List<Sample> gappy = new ArrayList<>(range(id, "tokyo", 503, 510));
        done.add(submit(writer, id, gappy));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    assertThat(count("SELECT count(*) FROM samples WHERE agent_id LIKE 'lane-agent-%'")).isEqualTo(12 * 508);
    assertThat(count("SELECT count(*) FROM (SELECT DISTINCT agent_id, sequence FROM samples WHERE agent_id LIKE 'lane-agent-%') d"))
        .isEqualTo(12 * 508);
    assertThat(count("SELECT count(*) FROM agents WHERE agent_id LIKE 'lane-agent-%' AND highest_sequence = 510"
        + " AND samples_stored = 508 AND samples_missing = 2")).isEqualTo(12);
    assertThat(count("SELECT count(*) FROM agent_gaps WHERE agent_id LIKE 'lane-agent-%' AND first_missing = 501 AND last_missing = 502"))
        .isEqualTo(12);
    assertThat(count("SELECT count(*) FROM agent_gaps WHERE agent_id LIKE 'lane-agent-%'")).isEqualTo(12);
    assertThat(heard.get()).isEqualTo(12 * 508);
    assertThat(overlapped).isFalse();
  }

  private static CompletableFuture<Long> submit(SampleWriter writer, String agentId, List<Sample> samples) {
    long highest = samples.stream().mapToLong(Sample::getSequence).max().orElse(0);
    WriteRequest request = WriteRequest.of(agentId, "tokyo", samples, highest, 0);
    writer.submit(request);
    return request.done();
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.pool().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
