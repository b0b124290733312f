package io.proxywatch.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.ProbeTarget;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {
  static final String BASE = "http://proxy.test";
  static final ProbeTarget SLOW = new ProbeTarget(BASE, "example.com/slow", "v1.0.0", Endpoint.INFO);
  static final ProbeTarget FAST = new ProbeTarget(BASE, "example.com/fast", "v1.0.0", Endpoint.INFO);
  /** No jitter: every first probe starts at once. */
  static final RandomGenerator NO_JITTER = () -> 0L;
  final List<Sample.Builder> samples = new CopyOnWriteArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);
  ProbeScheduler scheduler;

  @AfterEach
  void tearDown() {
    release.countDown();
    scheduler.close();
  }

  @Test
  void aTargetStillRunning_isSkipped_andCounted_whileOthersKeepTheirCadence() {
    start(every(Duration.ofMillis(100), SLOW, FAST), 4, target -> {
      if (target.equals(SLOW)) block(release);
      return sampleOf(target);
    });

    await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.probesSkipped() >= 3 && samples.size() >= 3);
    assertThat(samples).allMatch(s -> s.getScheduledUnixMicros() > 0);
    release.countDown();
    await().until(() -> scheduler.probesDone() > scheduler.probesSkipped() + 1);
  }

  @Test
  void failingAndHangingProbes_doNotDelayTheSchedule() {
    long start = System.nanoTime();
    start(every(Duration.ofMillis(100), SLOW, FAST), 2, target -> {
      if (target.equals(SLOW)) block(release);
      throw new IllegalStateException("boom");
    });

    await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.launches() >= 20);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMillis).isBetween(900L, 2_500L);
  }

  @Test
  void concurrency_isBounded() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    start(every(Duration.ofMillis(100), modules(10, Endpoint.MOD)), 3, target -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      block(release);
      running.decrementAndGet();
      return sampleOf(target);
    });

    await().until(() -> running.get() == 3);
    await().during(Duration.ofMillis(300)).until(() -> running.get() == 3);
    assertThat(peak).hasValue(3);
  }

  @Test
  void firstStartsAreSpreadOverTheFirstFifthOfTheInterval_andSamplesCarryScheduledAndStartedTimes() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    scheduler = new ProbeScheduler(4, ProbeSchedulerTest::sampleOf, samples::add, Clock.fixed(now, ZoneOffset.UTC),
        RandomGenerator.getDefault());
    scheduler.replace(every(Duration.ofSeconds(1), modules(20, Endpoint.LIST)));

    await().atMost(Duration.ofSeconds(2)).until(() -> samples.size() == 20);
    long nowMicros = now.getEpochSecond() * 1_000_000;
    assertThat(samples).allSatisfy(s -> {
      assertThat(s.getScheduledUnixMicros()).isBetween(nowMicros, nowMicros + 200_000);
      assertThat(s.getStartedUnixMicros()).isEqualTo(nowMicros);
    });
    assertThat(samples.stream().map(Sample.Builder::getScheduledUnixMicros).distinct().count()).isGreaterThan(10);
  }

  @Test
  void replace_startsAddedTargetsWithinTheirBound_neverProbesRemovedOnes_andKeepsTheRhythmOfTheRest() {
    ProbeTarget kept = FAST;
    ProbeTarget removed = SLOW;
    ProbeTarget added = new ProbeTarget(BASE, "example.com/new", "v1.0.0", Endpoint.INFO);
    ProbeTarget hourly = new ProbeTarget(BASE, "example.com/new", "v1.0.0", Endpoint.ZIP);
    start(every(Duration.ofMillis(200), kept, removed), 4, ProbeSchedulerTest::sampleOf);
    await().atMost(Duration.ofSeconds(5)).until(() -> count(kept) >= 3 && count(removed) >= 3);

    long replacedAt = System.nanoTime();
    scheduler.replace(List.of(new ScheduledTarget(kept, Duration.ofMillis(200)),
        new ScheduledTarget(added, Duration.ofMillis(200)), new ScheduledTarget(hourly, Duration.ofHours(1))));

    await().atMost(Duration.ofSeconds(1)).until(() -> count(added) >= 1);
    assertThat((System.nanoTime() - replacedAt) / 1_000_000).isLessThan(1_000);
    long removedCount = count(removed);
    await().atMost(Jitter.FIRST_PROBE_BOUND.plusSeconds(2)).until(() -> count(hourly) == 1);
    assertThat(count(removed)).isEqualTo(removedCount);
    // The hourly target's first start is anywhere in its first 5 s, so it may come before the kept target has been
    // probed six times (a fresh clone's run failed there with 4): wait for those six, then judge the rhythm.
    await().atMost(Duration.ofSeconds(5)).until(() -> count(kept) > 5);
    assertThat(count(removed)).isEqualTo(removedCount);
    List<Long> keptTimes = samples.stream().filter(s -> s.getTarget().getModule().equals(kept.module()))
        .map(Sample.Builder::getScheduledUnixMicros).toList();
    assertThat(keptTimes.size()).isGreaterThan(5);
    for (int i = 1; i < keptTimes.size(); i++) {
      assertThat(keptTimes.get(i) - keptTimes.get(i - 1)).as("spacing of probe %d", i).isEqualTo(200_000);
    }
  }

  @Test
  void replace_releasesNoThread() {
    start(every(Duration.ofMillis(50), modules(5, Endpoint.MOD)), 4, ProbeSchedulerTest::sampleOf);
    await().until(() -> samples.size() >= 5);

    for (int i = 0; i < 50; i++) scheduler.replace(every(Duration.ofMillis(50 + i), modules(i % 7 + 1, Endpoint.MOD)));

    int before = samples.size();
    await().atMost(Duration.ofSeconds(2)).until(() -> samples.size() >= before + 20);
    assertThat(threads("proxywatch-schedule")).isEqualTo(1);
    assertThat(threads("proxywatch-probe")).isLessThanOrEqualTo(4);
  }

  @Test
  void check_probesEveryTargetOnceAtOnce_taggedWithTheCheckId() {
    start(List.of(), 4, ProbeSchedulerTest::sampleOf);

    scheduler.check("chk-1", modules(12, Endpoint.INFO));

    await().atMost(Duration.ofSeconds(1)).until(() -> samples.size() == 12);
    assertThat(samples).allSatisfy(s -> assertThat(s.getCheckId()).isEqualTo("chk-1"));
    assertThat(samples).extracting(s -> s.getTarget().getModule()).doesNotHaveDuplicates();
  }

  @Test
  void aChangedList_probesThatModulesModAndZipAgainAtOnce_onlyOnThatProxy() {
    ProbeTarget list = new ProbeTarget(BASE, "example.com/a", "", Endpoint.LIST);
    ProbeTarget mod = new ProbeTarget(BASE, "example.com/a", "v1.0.0", Endpoint.MOD);
    ProbeTarget zip = new ProbeTarget(BASE, "example.com/a", "v1.0.0", Endpoint.ZIP);
    ProbeTarget info = new ProbeTarget(BASE, "example.com/a", "v1.0.0", Endpoint.INFO);
    ProbeTarget elsewhere = new ProbeTarget("http://other.test", "example.com/a", "v1.0.0", Endpoint.MOD);
    AtomicInteger lists = new AtomicInteger();
    scheduler = new ProbeScheduler(4, target -> {
      Sample.Builder sample = sampleOf(target).setHttpStatus(200);
      if (target.equals(list)) sample.setContentSha256(ByteString.copyFromUtf8(lists.incrementAndGet() < 4 ? "v1" : "v2"));
      return sample;
    }, samples::add, Clock.systemUTC(), NO_JITTER);
    scheduler.replace(List.of(new ScheduledTarget(list, Duration.ofMillis(100)),
        new ScheduledTarget(mod, Duration.ofHours(1)), new ScheduledTarget(zip, Duration.ofHours(1)),
        new ScheduledTarget(info, Duration.ofHours(1)), new ScheduledTarget(elsewhere, Duration.ofHours(1))));

    await().atMost(Duration.ofSeconds(2)).until(() -> count(mod) == 2 && count(zip) == 2);
    await().during(Duration.ofMillis(500)).until(() -> count(mod) == 2 && count(zip) == 2);
    assertThat(count(info)).isEqualTo(1);
    assertThat(samples.stream().filter(s -> s.getTarget().getProxy().equals("http://other.test")).count()).isEqualTo(1);
  }

  private void start(List<ScheduledTarget> targets, int concurrency, Function<ProbeTarget, Sample.Builder> prober) {
    scheduler = new ProbeScheduler(concurrency, prober, samples::add, Clock.systemUTC(), RandomGenerator.getDefault());
    scheduler.replace(targets);
  }

  private static List<ScheduledTarget> every(Duration interval, ProbeTarget... targets) {
    return every(interval, List.of(targets));
  }

  private static List<ScheduledTarget> every(Duration interval, List<ProbeTarget> targets) {
    return targets.stream().map(t -> new ScheduledTarget(t, interval)).toList();
  }

  private static List<ProbeTarget> modules(int n, Endpoint endpoint) {
    return IntStream.range(0, n).mapToObj(i -> new ProbeTarget(BASE, "example.com/m" + i,
        endpoint.perVersion() ? "v1.0.0" : "", endpoint)).toList();
  }

  static Sample.Builder sampleOf(ProbeTarget target) {
    return Sample.newBuilder().setTarget(Target.newBuilder().setProxy(target.proxy()).setModule(target.module())
        .setVersion(target.version()).setEndpoint(target.endpoint().kind()));
  }

  private long count(ProbeTarget target) {
    return samples.stream().filter(s -> s.getTarget().getProxy().equals(target.proxy())
        && s.getTarget().getModule().equals(target.module()) && s.getTarget().getVersion().equals(target.version())
        && s.getTarget().getEndpoint() == target.endpoint().kind()).count();
  }

  private static long threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
  }

  private static void block(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
