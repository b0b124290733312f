package io.proxywatch.collector.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.proxywatch.collector.MutableClock;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The episode state machine against real samples in a real TimescaleDB, with time moved by hand. */
class ITEvaluator {
  static final DivergencePolicy POLICY = new DivergencePolicy(Duration.ofSeconds(10), 2, Duration.ofSeconds(5),
      Duration.ofSeconds(3), Duration.ofMillis(100));
  static final DivergencePolicy REGIONS = POLICY.withRegionRules(0.5, Duration.ofSeconds(3), 10);
  static final List<String> REGIONS_4 = List.of("tokyo", "frankfurt", "sao-paulo", "los-angeles");

  final List<String> events = new CopyOnWriteArrayList<>();
  final List<EpisodeView> views = new CopyOnWriteArrayList<>();
  final Map<String, Long> sequences = new TreeMap<>();
  HikariDataSource pool;
  SampleWriter writer;
  MutableClock clock;
  Evaluator evaluator;
  Instant t0;

  @BeforeEach
  void setUp() {
    pool = TestDatabase.migrated();
    writer = new SampleWriter(pool, 100, 1000, new SimpleMeterRegistry());
    t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    clock = new MutableClock(t0);
    evaluator = evaluator(POLICY);
  }

  /** The evaluator under test: this class scans the fresh window; {@link ITEvaluatorIncremental} keeps it in memory. */
  Evaluator evaluator(DivergencePolicy policy) {
    return new Evaluator(policy, this::record, clock);
  }

  /** Told of every committed sample with the time it was received at (as the test sets it), in commit order. */
  void stored(Sample sample, Instant receivedAt) {}

  void record(Connection c, EpisodeView episode, EpisodeEvent event) {
    events.add(event.label() + " " + episode.kind().label() + " " + episode.outlierRegions());
    views.add(episode);
  }

  @AfterEach
  void tearDown() {
    writer.close();
    pool.close();
  }

  @Test
  void immutableContentDivergence_firesOnTheSecondRound_thenConvergesAndResolvesAfterTheCooldown() throws Exception {
    serve(EndpointKind.ENDPOINT_KIND_MOD, 0, "aa", "aa", "aa", "bb");
    assertThat(evaluate()).isZero();
    assertThat(episode("state")).isEqualTo("pending");

    clock.advance(Duration.ofSeconds(1));
    assertThat(evaluate()).as("no new probe from the outlier: still one round").isZero();
    probe("los-angeles", EndpointKind.ENDPOINT_KIND_MOD, 1000, "bb", "\"x\"");
    assertThat(evaluate()).isEqualTo(1);
    assertThat(events).containsExactly("firing content [los-angeles]");
    assertThat(views.get(0).majorityRegions()).containsExactly("frankfurt", "sao-paulo", "tokyo");
    assertThat(views.get(0).regionFingerprints().get("los-angeles"))
        .startsWith("200 sha256:" + java.util.HexFormat.of().formatHex(TestSamples.sha256("bb")).substring(0, 12));

    clock.advance(Duration.ofSeconds(1));
    probe("los-angeles", EndpointKind.ENDPOINT_KIND_MOD, 2000, "aa", "\"x\"");
    assertThat(evaluate()).isZero();
    assertThat(episode("state")).isEqualTo("converged");
    assertThat(episode("converged_last_region")).isEqualTo("los-angeles");
    assertThat(Double.parseDouble(episode("convergence_seconds"))).isEqualTo(2.0);

    clock.advance(Duration.ofSeconds(3));
    assertThat(evaluate()).isEqualTo(1);
    assertThat(events).containsExactly("firing content [los-angeles]", "resolved content [los-angeles]");
    assertThat(episode("state")).isEqualTo("resolved");
    assertThat(views.get(1).convergenceSeconds()).isEqualTo(2.0);
    assertThat(views.get(1).convergedLastRegion()).isEqualTo("los-angeles");
  }

  @Test
  void agentClockOffBeyondTheBound_firesAgentClock_onlyOnARoundTripMeasurement_andResolvesWhenBackWithin() throws Exception {
    AgentRegistry agents = new AgentRegistry(pool);
    agents.hello("tokyo-1", "tokyo", "test", 300_000_000);
    assertThat(evaluate()).as("Hello's one-way guess alone never fires").isZero();
    agents.clock("tokyo-1", 300_000_000, 2_000);
    assertThat(evaluate()).isEqualTo(1);
    agents.clock("tokyo-1", -2_500_000, 1_200_000);
    assertThat(evaluate()).as("2.5 s off, but 0.6 s of it may be the round trip: within the 2 s bound").isEqualTo(1);
    assertThat(events).containsExactly("firing agent_clock [tokyo]", "resolved agent_clock [tokyo]");
    assertThat(views.get(1).agentId()).isEqualTo("tokyo-1");
  }

  @Test
  void flappingWithinTheCooldown_continuesTheSameEpisode() throws Exception {
    serve(EndpointKind.ENDPOINT_KIND_ZIP, 0, "aa", "aa", "aa", "bb");
    evaluate();
    probe("los-angeles", EndpointKind.ENDPOINT_KIND_ZIP, 1, "bb", "\"x\"");
    evaluate();
    probe("los-angeles", EndpointKind.ENDPOINT_KIND_ZIP, 2, "aa", "\"x\"");
    evaluate();
    probe("los-angeles", EndpointKind.ENDPOINT_KIND_ZIP, 3, "bb", "\"x\"");
    evaluate();
    probe("los-angeles", EndpointKind.ENDPOINT_KIND_ZIP, 4, "aa", "\"x\"");
    evaluate();
    assertThat(count("SELECT count(*) FROM divergence_episodes")).isEqualTo(1);
    assertThat(episode("reopened")).isEqualTo("1");
    assertThat(events).containsExactly("firing content [los-angeles]");
  }

  @Test
  void mutableEndpoint_thatConvergesWithinTheGrace_neverFires() throws Exception {
    serve(EndpointKind.ENDPOINT_KIND_LIST, 0, "v1", "v1", "v2", "v2");
    evaluate();
    clock.advance(Duration.ofSeconds(2));
    probe("tokyo", EndpointKind.ENDPOINT_KIND_LIST, 2000, "v2", "\"x\"");
    probe("frankfurt", EndpointKind.ENDPOINT_KIND_LIST, 2000, "v2", "\"x\"");
    evaluate();
    assertThat(events).isEmpty();
    assertThat(episode("state")).as("a pending episode that converges waits out the cool-down").isEqualTo("converged");
    assertThat(episode("converged_last_region")).isIn("tokyo", "frankfurt");
    clock.advance(POLICY.cooldown());
    evaluate();
    assertThat(episode("state")).isEqualTo("resolved");
    assertThat(events).as("it never fired, so nothing is notified").isEmpty();
  }

  @Test
  void mutableEndpoint_firesOnlyAfterTheGrace() throws Exception {
    serve(EndpointKind.ENDPOINT_KIND_LATEST, 0, "v1", "v1", "v1", "v2");
    evaluate();
    for (int i = 1; i <= 4; i++) {
      clock.advance(Duration.ofSeconds(1));
      probe("los-angeles", EndpointKind.ENDPOINT_KIND_LATEST, i * 1000, "v2", "\"x\"");
      evaluate();
    }
    assertThat(events).isEmpty();
    clock.advance(Duration.ofMillis(1500));
    assertThat(evaluate()).isEqualTo(1);
    assertThat(events).containsExactly("firing content [los-angeles]");
  }

  @Test
  void etagOnly_status_andNotFoundYet_areClassified() throws Exception {
    serve(EndpointKind.ENDPOINT_KIND_MOD, 0, "aa", "aa", "aa", "aa");
    probe("frankfurt", EndpointKind.ENDPOINT_KIND_MOD, 1, "aa", "\"other\"");
    serve(EndpointKind.ENDPOINT_KIND_INFO, 0, "aa", "aa", "aa", "aa");
    sample("sao-paulo", sample("sao-paulo", EndpointKind.ENDPOINT_KIND_INFO, 1, "nf", "").toBuilder().setHttpStatus(404).build());
    serve(EndpointKind.ENDPOINT_KIND_LATEST, 0, "aa", "aa", "aa", "aa");
    sample("tokyo", sample("tokyo", EndpointKind.ENDPOINT_KIND_LATEST, 1, "err", "").toBuilder().setHttpStatus(503).build());
    evaluate();
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'etag' AND endpoint = 'mod' AND outlier_regions = '{frankfurt}'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'stale' AND endpoint = 'info' AND outlier_regions = '{sao-paulo}'"))
        .as(".info not found yet where the others serve it: behind, not a different status").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'status' AND endpoint = 'latest' AND outlier_regions = '{tokyo}'")).isEqualTo(1);
  }

  @Test
  void aRegionWithoutAFreshSample_isUnknown_notDivergent() throws Exception {
    serve(EndpointKind.ENDPOINT_KIND_MOD, 0, "aa", "aa", "aa", "aa");
    clock.advance(Duration.ofSeconds(8));
    probe("tokyo", EndpointKind.ENDPOINT_KIND_MOD, 1, "cc", "\"x\"");
    probe("frankfurt", EndpointKind.ENDPOINT_KIND_MOD, 1, "cc", "\"x\"");
    clock.advance(Duration.ofSeconds(3));
    evaluate();
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind <> 'agent_offline'")).isZero();
  }

  @Test
  void aSilentAgent_firesAgentOffline_andResolvesWhenItSpeaksAgain() throws Exception {
    serve(EndpointKind.ENDPOINT_KIND_MOD, 0, "aa", "aa", "aa", "aa");
    execute("UPDATE agents SET last_seen = now() - interval '11 seconds'");
    clock.set(Instant.now());
    assertThat(evaluate()).isEqualTo(4);
    assertThat(evaluate()).as("fires once per silence").isZero();
    assertThat(events).contains("firing agent_offline [tokyo]");
    probe("tokyo", EndpointKind.ENDPOINT_KIND_MOD, 1, "aa", "\"x\"");
    clock.set(Instant.now());
    evaluate();
    assertThat(events).contains("resolved agent_offline [tokyo]");
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'agent_offline' AND state = 'firing'")).isEqualTo(3);
  }

  @Test
  void aRegionFailingMostTargets_isOneIncident_andGroupsTheStatusEpisodesItCauses() throws Exception {
    evaluator = evaluator(REGIONS);
    for (int m = 0; m < 12; m++) for (String region : REGIONS_4) probeModule(region, m, 200, ErrorClass.ERROR_CLASS_NONE);
    assertThat(evaluate()).isZero();
    clock.advance(Duration.ofSeconds(1));
    tokyoFails(11);
    assertThat(evaluate()).as("pending: the incident waits its duration, the status episodes their rounds").isZero();
    long incident = count("SELECT id FROM divergence_episodes WHERE kind = 'region_degraded' AND state = 'pending'");

    clock.advance(Duration.ofSeconds(1));
    tokyoFails(11);
    assertThat(evaluate()).as("11 status episodes fire, grouped").isEqualTo(11);
    assertThat(views).allSatisfy(v -> assertThat(v.parentId()).isEqualTo(incident));
    clock.advance(Duration.ofSeconds(2));
    assertThat(evaluate()).isEqualTo(1);
    EpisodeView fired = views.get(views.size() - 1);
    assertThat(events.get(events.size() - 1)).isEqualTo("firing region_degraded [tokyo]");
    assertThat(fired.failures()).isEqualTo(Map.of("timeout", 10, "5xx", 1));
    assertThat(fired.regionTargets()).isEqualTo(12);

    clock.advance(Duration.ofSeconds(1));
    for (int m = 0; m < 12; m++) probeModule("tokyo", m, 200, ErrorClass.ERROR_CLASS_NONE);
    assertThat(evaluate()).as("recovered: the cool-down runs").isZero();
    clock.advance(Duration.ofSeconds(1));
    tokyoFails(11);
    assertThat(evaluate()).as("failing again within the cool-down: the same incident, not notified again").isZero();
    clock.advance(Duration.ofSeconds(1));
    for (int m = 0; m < 12; m++) for (String region : REGIONS_4) probeModule(region, m, 200, ErrorClass.ERROR_CLASS_NONE);
    evaluate();
    clock.advance(Duration.ofSeconds(4));
    evaluate();
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'region_degraded'")).isEqualTo(1);
    assertThat(events.stream().filter(e -> e.contains("region_degraded")))
        .containsExactly("firing region_degraded [tokyo]", "resolved region_degraded [tokyo]");
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'status' AND parent_id = " + incident)).isEqualTo(11);
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE state <> 'resolved' AND kind <> 'agent_offline'")).isZero();
  }

  @Test
  void aRegionRecoveringWithinTheDuration_isWithdrawnUnnotified_andTooSmallAShareIsNoIncident() throws Exception {
    evaluator = evaluator(REGIONS);
    for (int m = 0; m < 12; m++) for (String region : REGIONS_4) probeModule(region, m, 200, ErrorClass.ERROR_CLASS_NONE);
    clock.advance(Duration.ofSeconds(1));
    tokyoFails(11);
    evaluate();
    clock.advance(Duration.ofSeconds(1));
    for (int m = 0; m < 12; m++) probeModule("tokyo", m, 200, ErrorClass.ERROR_CLASS_NONE);
    for (int m = 0; m < 5; m++) probeModule("frankfurt", m, 0, ErrorClass.ERROR_CLASS_CONNECT);
    evaluate();
    clock.advance(Duration.ofSeconds(5));
    evaluate();
    assertThat(events).noneMatch(e -> e.contains("region_degraded"));
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'region_degraded' AND state = 'resolved'"
        + " AND fired_at IS NULL AND outlier_regions = '{tokyo}'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM divergence_episodes WHERE kind = 'region_degraded'")).as("5 of 12 is no majority").isEqualTo(1);
  }

  @Test
  void contentWithoutAQuorumAgainstTheOutlier_firesOnlyAfterTheOutlierRounds() throws Exception {
    probe("tokyo", EndpointKind.ENDPOINT_KIND_MOD, 0, "aa", "\"x\"");
    probe("frankfurt", EndpointKind.ENDPOINT_KIND_MOD, 0, "bb", "\"x\"");
    evaluate();
    probe("tokyo", EndpointKind.ENDPOINT_KIND_MOD, 1, "aa", "\"x\"");
    probe("frankfurt", EndpointKind.ENDPOINT_KIND_MOD, 1, "bb", "\"x\"");
    assertThat(evaluate()).as("two rounds, but one region against one").isZero();
    probe("tokyo", EndpointKind.ENDPOINT_KIND_MOD, 2, "aa", "\"x\"");
    probe("frankfurt", EndpointKind.ENDPOINT_KIND_MOD, 2, "bb", "\"x\"");
    assertThat(evaluate()).as("the third round").isEqualTo(1);
  }

  private void tokyoFails(int targets) throws Exception {
    for (int m = 0; m < targets - 1; m++) probeModule("tokyo", m, 0, ErrorClass.ERROR_CLASS_TIMEOUT);
    probeModule("tokyo", targets - 1, 503, ErrorClass.ERROR_CLASS_NONE);
  }

  /** Module number {@code m}'s .mod as seen from a region: a status, or a failure with no response. */
  private void probeModule(String region, int m, int status, ErrorClass error) throws Exception {
    long micros = clock.instant().toEpochMilli() * 1000;
    sample(region, TestSamples.sample(region + "-1", region, 0).toBuilder()
        .setTarget(Target.newBuilder().setModule("example.com/m" + m).setVersion("v1.0.0")
            .setEndpoint(EndpointKind.ENDPOINT_KIND_MOD).setUrl("http://" + region + ".example/example.com/m" + m + "/@v/v1.0.0.mod"))
        .setStartedUnixMicros(micros).setScheduledUnixMicros(micros).setHttpStatus(status).setErrorClass(error)
        .setContentSha256(ByteString.copyFrom(TestSamples.sha256(status == 200 ? "ok" : "")))
        .build());
  }

  void serve(EndpointKind kind, long offsetMillis, String tokyo, String frankfurt, String saoPaulo, String losAngeles)
      throws Exception {
    probe("tokyo", kind, offsetMillis, tokyo, "\"x\"");
    probe("frankfurt", kind, offsetMillis, frankfurt, "\"x\"");
    probe("sao-paulo", kind, offsetMillis, saoPaulo, "\"x\"");
    probe("los-angeles", kind, offsetMillis, losAngeles, "\"x\"");
  }

  void probe(String region, EndpointKind kind, long offsetMillis, String body, String etag) throws Exception {
    sample(region, sample(region, kind, offsetMillis, body, etag));
  }

  private Sample sample(String region, EndpointKind kind, long offsetMillis, String body, String etag) {
    long micros = t0.plusMillis(offsetMillis).toEpochMilli() * 1000;
    String version = kind == EndpointKind.ENDPOINT_KIND_LIST || kind == EndpointKind.ENDPOINT_KIND_LATEST ? "" : "v1.0.0";
    return TestSamples.sample(region + "-1", region, 0).toBuilder()
        .setTarget(Target.newBuilder().setModule("example.com/hello").setVersion(version).setEndpoint(kind)
            .setUrl("http://" + region + ".example/example.com/hello/@v/" + kind))
        .setStartedUnixMicros(micros).setScheduledUnixMicros(micros)
        .setEtag(etag).setContentSha256(ByteString.copyFrom(TestSamples.sha256(body))).build();
  }

  private void sample(String region, Sample sample) throws Exception {
    long sequence = sequences.merge(region, 1L, Long::sum);
    WriteRequest request = WriteRequest.of(region + "-1", region, List.of(sample.toBuilder().setSequence(sequence).build()), sequence, 0);
    writer.submit(request);
    request.done().get(10, TimeUnit.SECONDS);
    // This test's collector lives on the hand-moved clock: it received each sample when the sample says it was taken.
    try (Connection c = pool.getConnection();
         java.sql.PreparedStatement s = c.prepareStatement("UPDATE samples SET received_at = time WHERE agent_id = ? AND sequence = ?")) {
      s.setString(1, region + "-1");
      s.setLong(2, sequence);
      s.executeUpdate();
    }
    long micros = sample.getStartedUnixMicros();
    stored(request.samples().get(0), Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1_000));
  }

  int evaluate() throws Exception {
    try (Connection c = pool.getConnection()) {
      return evaluator.evaluate(c);
    }
  }

  String episode(String column) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT " + column + " FROM divergence_episodes WHERE kind <> 'agent_offline' ORDER BY id DESC LIMIT 1")) {
      assertThat(rs.next()).as("an episode exists").isTrue();
      return rs.getString(1);
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long count(String sql) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
