package io.proxywatch.collector.ingest;

import static io.proxywatch.collector.TestSamples.range;
import static io.proxywatch.collector.TestSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import io.proxywatch.proto.v1.Timings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ingest contract against a real collector and a real TimescaleDB. */
class ITIngest {
  static DbSettings db;
  static Collector collector;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.fresh();
    collector = Collector.start(CollectorConfig.of(db, 0, 0));
  }

  @AfterAll
  static void stop() {
    if (collector != null) collector.close();
  }

  @Test
  void batch_isAckedAfterCommit_andReplayIsStoredOnce() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      CollectorMessage welcome = client.hello("replayer", "tokyo").next();
      assertThat(welcome.getWelcome().getHighestSequence()).isZero();
      assertThat(client.batch(range("replayer", "tokyo", 1, 100)).next().getAck().getHighestSequence()).isEqualTo(100);
      assertThat(count("SELECT count(*) FROM samples WHERE agent_id = 'replayer'")).isEqualTo(100);
    }
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      assertThat(client.hello("replayer", "tokyo").next().getWelcome().getHighestSequence()).isEqualTo(100);
      assertThat(client.batch(range("replayer", "tokyo", 51, 150)).next().getAck().getHighestSequence()).isEqualTo(150);
    }
    assertThat(count("SELECT count(*) FROM samples WHERE agent_id = 'replayer'")).isEqualTo(150);
    assertThat(count("SELECT count(DISTINCT sequence) FROM samples WHERE agent_id = 'replayer'")).isEqualTo(150);
    assertThat(count("SELECT highest_sequence FROM agents WHERE agent_id = 'replayer'")).isEqualTo(150);
  }

  @Test
  void storedSample_keepsEveryField() throws Exception {
    Sample sent = sample("fields", "frankfurt", 1);
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      client.hello("fields", "frankfurt").next();
      client.batch(List.of(sent)).next();
    }
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT * FROM samples WHERE agent_id = 'fields'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("region")).isEqualTo("frankfurt");
      assertThat(rs.getString("endpoint")).isEqualTo("info");
      assertThat(rs.getInt("http_status")).isEqualTo(200);
      assertThat(rs.getLong("ttfb_us")).isEqualTo(sent.getTimings().getTtfbMicros());
      assertThat(rs.getObject("tls_us")).isNull();
      assertThat(rs.getString("etag")).isEqualTo("\"abc\"");
      assertThat(rs.getBytes("content_sha256")).isEqualTo(sent.getContentSha256().toByteArray());
      assertThat(rs.getString("error_class")).isNull();
      assertThat(rs.getTimestamp("time").toInstant().toEpochMilli()).isEqualTo(sent.getStartedUnixMicros() / 1000);
    }
  }

  @Test
  void separatorsAndBackslashesInValues_areStoredVerbatim() throws Exception {
    String nasty = "W/\"a\tb\nc\\d\r\\N\u0000e\"";
    Sample sent = sample("escapes", "tokyo", 1).toBuilder().setEtag(nasty).setErrorMessage("x\ty").build();
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      client.hello("escapes", "tokyo").next();
      assertThat(client.batch(List.of(sent)).next().getAck().getHighestSequence()).isEqualTo(1);
    }
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT etag FROM samples WHERE agent_id = 'escapes'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(nasty.replace("\u0000", ""));
    }
  }

  @Test
  void invalidHello_endsTheStreamWithInvalidArgument() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      Status status = client.hello("bad id with spaces", "tokyo").closedWith();
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("hello.agent_id");
    }
  }

  @Test
  void batchBeforeHello_failsPrecondition() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      Status status = client.batch(range("early", "tokyo", 1, 1)).closedWith();
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
  }

  @Test
  void hostileSamples_areRejectedOneByOne_andTheStreamGoesOn() throws Exception {
    List<Sample> batch = new ArrayList<>();
    batch.add(sample("hostile", "sao-paulo", 1));
    batch.add(sample("hostile", "sao-paulo", 2).toBuilder().setTimings(Timings.newBuilder().setTtfbMicros(-5)).build());
    batch.add(sample("hostile", "sao-paulo", 3).toBuilder()
        .setTarget(Target.newBuilder(sample("x", "y", 1).getTarget()).setEndpointValue(99)).build());
    batch.add(sample("hostile", "sao-paulo", 4).toBuilder().setStartedUnixMicros(Long.MAX_VALUE / 2).build());
    batch.add(sample("hostile", "sao-paulo", 5).toBuilder().setEtag("e".repeat(100_000)).build());
    batch.add(sample("hostile", "sao-paulo", 6).toBuilder().setAgentId("someone-else").build());
    batch.add(sample("hostile", "sao-paulo", 7).toBuilder().setErrorClassValue(42).build());
    batch.add(sample("hostile", "sao-paulo", 8).toBuilder().setMethod("DELETE").build());
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      client.hello("hostile", "sao-paulo").next();
      assertThat(client.batch(batch).next().getAck().getHighestSequence()).isEqualTo(8);
      client.send(AgentMessage.getDefaultInstance());
      assertThat(client.batch(range("hostile", "sao-paulo", 9, 10)).next().getAck().getHighestSequence()).isEqualTo(10);
      assertThat(client.isOpen()).isTrue();
    }
    assertThat(count("SELECT count(*) FROM samples WHERE agent_id = 'hostile'")).isEqualTo(3);
    assertThat(count("SELECT samples_rejected FROM agents WHERE agent_id = 'hostile'")).isEqualTo(7);
  }

  @Test
  void skippedSequences_areReportedAsGaps() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      client.hello("gappy", "tokyo").next();
      client.batch(range("gappy", "tokyo", 1, 5)).next();
      List<Sample> batch = new ArrayList<>(range("gappy", "tokyo", 9, 10));
      batch.add(sample("gappy", "tokyo", 14));
      batch.add(sample("gappy", "tokyo", 15).toBuilder().setMethod("PUT").build());
      assertThat(client.batch(batch).next().getAck().getHighestSequence()).isEqualTo(15);
    }
    assertThat(count("SELECT samples_missing FROM agents WHERE agent_id = 'gappy'")).isEqualTo(3 + 3 + 1);
    assertThat(count("SELECT count(*) FROM agent_gaps WHERE agent_id = 'gappy'")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM agent_gaps WHERE agent_id = 'gappy' AND first_missing = 6 AND last_missing = 8")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM agent_gaps WHERE agent_id = 'gappy' AND first_missing = 15 AND last_missing = 15")).isEqualTo(1);
  }

  @Test
  void outOfOrderSequences_areStoredOnlyAboveTheHighest() throws Exception {
    try (TestAgentClient client = new TestAgentClient(collector.grpcPort())) {
      client.hello("shuffled", "los-angeles").next();
      List<Sample> batch = List.of(sample("shuffled", "los-angeles", 5), sample("shuffled", "los-angeles", 3),
          sample("shuffled", "los-angeles", 6));
      assertThat(client.batch(batch).next().getAck().getHighestSequence()).isEqualTo(6);
    }
    assertThat(count("SELECT count(*) FROM samples WHERE agent_id = 'shuffled'")).isEqualTo(2);
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
