package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.TestSamples;
import io.proxywatch.collector.storage.AgentRegistry;
import io.proxywatch.collector.storage.SampleWriter;
import io.proxywatch.collector.storage.WriteRequest;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's table of latest answers against a real TimescaleDB: fed by the writer's commits it holds what a scan of
 * the fresh window finds, so does a table rebuilt from the database, and answers leave it at their deadlines.
 */
class ITLatestObservations {
  static final Supplier<FreshnessWindows> WINDOWS = FreshnessWindows.uniform(Duration.ofSeconds(10));
  static final List<String> REGIONS = List.of("tokyo", "frankfurt", "sao-paulo", "los-angeles");

  final Map<String, Long> sequences = new TreeMap<>();
  final AtomicInteger offered = new AtomicInteger();
  HikariDataSource pool;
  SampleWriter writer;
  LatestObservations latest;
  Instant t0;

  @BeforeEach
  void setUp() throws Exception {
    pool = TestDatabase.migrated();
    writer = new SampleWriter(pool, 100, 1000, new SimpleMeterRegistry());
    latest = new LatestObservations(WINDOWS);
    writer.onCommit(committed -> {
      latest.offer(committed);
      offered.addAndGet(committed.samples().size());
    });
    t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  @AfterEach
  void tearDown() {
    writer.close();
    pool.close();
  }

  @Test
  void fedByCommits_holdsWhatTheScanFinds_andSoDoesATableRebuiltFromTheDatabase() throws Exception {
    AgentRegistry agents = new AgentRegistry(pool);
    agents.hello("tokyo-1", "tokyo", "test", 0);
    agents.clock("tokyo-1", 1_500_000, 1_000); // ahead of received_at: LEAST caps it there
    agents.hello("frankfurt-1", "frankfurt", "test", 0);
    agents.clock("frankfurt-1", -3_000_000, 1_000);
    select(t0, Set.of()); // leading from here: commits are taken
    latest.committed();
    List<Sample> samples = new ArrayList<>();
    for (int m = 0; m < 6; m++) {
      for (String region : REGIONS) {
        for (EndpointKind kind : List.of(EndpointKind.ENDPOINT_KIND_LIST, EndpointKind.ENDPOINT_KIND_LATEST,
            EndpointKind.ENDPOINT_KIND_INFO, EndpointKind.ENDPOINT_KIND_MOD)) {
          samples.add(varied(region, kind, m));
        }
      }
    }
    samples.add(sample("sao-paulo", EndpointKind.ENDPOINT_KIND_MOD, "m0", -4_000, "older").build()); // replayed: stays behind
    samples.add(sample("tokyo", EndpointKind.ENDPOINT_KIND_MOD, "m1", 0, "checked").setCheckId("c1").build());
    store(samples);

    Instant now = Instant.now();
    ObservationSource.Selection fed = select(now, Set.of());
    ObservationSource.Selection scanned = scan(now);
    assertThat(scanned.targets()).hasSize(24);
    assertThat(fed.targets()).isEqualTo(scanned.targets());
    assertThat(fed.tallies()).isEqualTo(scanned.tallies());
    LatestObservations rebuilt = new LatestObservations(WINDOWS);
    ObservationSource.Selection fromDatabase = select(rebuilt, now, Set.of());
    assertThat(fromDatabase.targets()).isEqualTo(scanned.targets());
    assertThat(fromDatabase.tallies()).isEqualTo(scanned.tallies());
  }

  @Test
  void onlyWhatChangedIsSelected_plusTheTargetsWithOpenEpisodes() throws Exception {
    select(t0, Set.of());
    latest.committed();
    for (String region : REGIONS) store(List.of(sample(region, EndpointKind.ENDPOINT_KIND_MOD, "m0", 0, "a").build()));
    for (String region : REGIONS) store(List.of(sample(region, EndpointKind.ENDPOINT_KIND_MOD, "m1", 0, "a").build()));
    assertThat(select(t0, Set.of()).targets()).hasSize(2);
    assertThat(select(t0, Set.of()).targets()).as("not committed: compared again").hasSize(2);
    latest.committed();
    assertThat(select(t0, Set.of()).targets()).isEmpty();
    latest.committed();
    store(List.of(sample("tokyo", EndpointKind.ENDPOINT_KIND_MOD, "m0", 100, "a").build()));
    assertThat(select(t0, Set.of()).targets()).as("a newer answer telling the same changes nothing").isEmpty();
    store(List.of(sample("tokyo", EndpointKind.ENDPOINT_KIND_MOD, "m1", 100, "b").build()));
    TargetKey m0 = new TargetKey("", "example.com/m0", "v1.0.0", "mod");
    assertThat(select(t0, Set.of(m0)).targets().keySet()).extracting(TargetKey::module)
        .containsExactly("example.com/m0", "example.com/m1");
  }

  @Test
  void anAnswerLeavesAtItsDeadline_andItsTargetIsComparedAgain() throws Exception {
    select(t0, Set.of());
    latest.committed();
    store(List.of(sample("tokyo", EndpointKind.ENDPOINT_KIND_INFO, "m0", -5_000, "a").build()));
    for (String region : REGIONS.subList(1, 4)) store(List.of(sample(region, EndpointKind.ENDPOINT_KIND_INFO, "m0", 0, "a").build()));
    assertThat(select(t0, Set.of()).targets().values().iterator().next()).hasSize(4);
    latest.committed();

    Instant justBefore = t0.plusSeconds(5).minusMillis(1);
    assertThat(select(justBefore, Set.of()).targets()).isEmpty();
    assertThat(select(justBefore, Set.of()).tallies()).isEqualTo(scan(justBefore).tallies());
    Instant deadline = t0.plusSeconds(5);
    ObservationSource.Selection expired = select(deadline, Set.of());
    assertThat(expired.targets().values().iterator().next()).extracting(Observation::region)
        .containsExactly("frankfurt", "los-angeles", "sao-paulo");
    assertThat(expired.targets()).isEqualTo(scan(deadline).targets());
    assertThat(expired.tallies()).isEqualTo(scan(deadline).tallies()).extracting(RegionTally::region).doesNotContain("tokyo");
    latest.committed();
    assertThat(select(t0.plusSeconds(10), Set.of()).targets().values().iterator().next()).isEmpty();
    assertThat(latest.table().answers()).isZero();
  }

  @Test
  void aSkewMeasuredLater_movesTheDeadlinesOfThatAgentsAnswers() throws Exception {
    AgentRegistry agents = new AgentRegistry(pool);
    agents.hello("tokyo-1", "tokyo", "test", 0);
    select(t0, Set.of());
    latest.committed();
    for (String region : REGIONS) store(List.of(sample(region, EndpointKind.ENDPOINT_KIND_ZIP, "m0", 0, "a").build()));
    select(t0, Set.of());
    latest.committed();
    agents.clock("tokyo-1", -6_000_000, 1_000); // its clock was 6 s ahead: its answer is 6 s older than it said
    Instant later = t0.plusSeconds(5);
    ObservationSource.Selection selected = select(later, Set.of());
    assertThat(selected.targets().values().iterator().next()).extracting(Observation::region).doesNotContain("tokyo");
    assertThat(selected.targets()).isEqualTo(scan(later).targets());
  }

  @Test
  void aNewLeaderRebuilds_withWhatWasCommittedWhileItDidNotLead() throws Exception {
    select(t0, Set.of());
    latest.committed();
    latest.forget();
    for (String region : REGIONS) store(List.of(sample(region, EndpointKind.ENDPOINT_KIND_MOD, "m0", 0, region).build()));
    assertThat(latest.table()).as("not leading: nothing kept").isNull();
    Instant now = t0.plusSeconds(1);
    ObservationSource.Selection rebuilt = select(now, Set.of());
    assertThat(rebuilt.targets().values().iterator().next()).hasSize(4);
    assertThat(rebuilt.targets()).isEqualTo(scan(now).targets());
    latest.committed();
    store(List.of(sample("tokyo", EndpointKind.ENDPOINT_KIND_MOD, "m0", 10, "again").build()));
    assertThat(select(now, Set.of()).targets()).isEqualTo(scan(now).targets()).hasSize(1);
  }

  @Test
  void whatAnotherReplicaCommitted_isReadBack_oneEvaluationAfterItsAgentWasSeen() throws Exception {
    select(t0, Set.of());
    latest.committed();
    try (SampleWriter otherReplica = new SampleWriter(pool, 100, 1000, new SimpleMeterRegistry())) {
      for (String region : REGIONS) {
        Sample s = sample(region, EndpointKind.ENDPOINT_KIND_MOD, "m0", 0, region).setSequence(1).build();
        WriteRequest request = WriteRequest.of(region + "-1", region, List.of(s), 1, 0);
        otherReplica.submit(request);
        request.done().get(10, TimeUnit.SECONDS);
      }
    }
    Instant now = t0.plusSeconds(1);
    assertThat(select(now, Set.of()).targets()).as("its agents are seen now, and read back at the next evaluation").isEmpty();
    ObservationSource.Selection caughtUp = select(now, Set.of());
    assertThat(caughtUp.targets()).isEqualTo(scan(now).targets()).hasSize(1);
    assertThat(caughtUp.targets().values().iterator().next()).hasSize(4);
  }

  /** A sample of module {@code m}'s endpoint from a region, its shape varied by module (statuses, failures, lists). */
  private Sample varied(String region, EndpointKind kind, int m) {
    Sample.Builder s = sample(region, kind, "m" + m, -m * 100L, region.equals("tokyo") && m % 2 == 0 ? "b" : "a");
    switch (m) {
      case 1 -> s.setHttpStatus(region.equals("frankfurt") ? 404 : 200);
      case 2 -> s.setHttpStatus(0).setErrorClass(ErrorClass.ERROR_CLASS_TIMEOUT).clearEtag();
      case 3 -> s.setHttpStatus(302).setLocation("https://cdn.example/" + region + "?sig=" + region);
      case 4 -> s.setHttpStatus(503);
      default -> { }
    }
    if (kind == EndpointKind.ENDPOINT_KIND_LIST) s.addListedVersions("v1.0.0").addListedVersions(region.equals("sao-paulo") ? "v1.0.1" : "v1.1.0");
    if (kind == EndpointKind.ENDPOINT_KIND_LATEST) s.setReportedVersion(region.equals("los-angeles") ? "v1.0.0" : "v1.1.0");
    return s.build();
  }

  private Sample.Builder sample(String region, EndpointKind kind, String module, long offsetMillis, String body) {
    long micros = t0.plusMillis(offsetMillis).toEpochMilli() * 1000;
    boolean perModule = kind == EndpointKind.ENDPOINT_KIND_LIST || kind == EndpointKind.ENDPOINT_KIND_LATEST;
    return TestSamples.sample(region + "-1", region, 0).toBuilder()
        .setTarget(Target.newBuilder().setModule("example.com/" + module).setVersion(perModule ? "" : "v1.0.0")
            .setEndpoint(kind).setUrl("http://" + region + ".example/example.com/" + module + "/@v/" + kind))
        .setStartedUnixMicros(micros).setScheduledUnixMicros(micros).setEtag("\"" + body + "\"")
        .setContentSha256(ByteString.copyFrom(TestSamples.sha256(body)));
  }

  /** Writes each region's samples as one batch of its agent and waits until the commit reached the table. */
  private void store(List<Sample> samples) throws Exception {
    int before = offered.get();
    Map<String, List<Sample>> byRegion = new TreeMap<>();
    for (Sample s : samples) {
      long sequence = sequences.merge(s.getRegion(), 1L, Long::sum);
      byRegion.computeIfAbsent(s.getRegion(), r -> new ArrayList<>()).add(s.toBuilder().setSequence(sequence).build());
    }
    for (Map.Entry<String, List<Sample>> batch : byRegion.entrySet()) {
      List<Sample> batchSamples = batch.getValue();
      WriteRequest request = WriteRequest.of(batch.getKey() + "-1", batch.getKey(), batchSamples,
          batchSamples.get(batchSamples.size() - 1).getSequence(), 0);
      writer.submit(request);
      request.done().get(10, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> offered.get() == before + samples.size());
  }

  private ObservationSource.Selection select(Instant now, Set<TargetKey> open) throws Exception {
    return select(latest, now, open);
  }

  private ObservationSource.Selection select(ObservationSource source, Instant now, Set<TargetKey> open) throws Exception {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      return source.select(c, now, open);
    }
  }

  private ObservationSource.Selection scan(Instant now) throws Exception {
    return select(new ScannedObservations(new EpisodeStore(), WINDOWS), now, Set.of());
  }
}
