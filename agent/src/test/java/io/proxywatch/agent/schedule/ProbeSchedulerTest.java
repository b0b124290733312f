package io.proxywatch.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.ProbeTarget;
import io.proxywatch.proto.v1.Sample;
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
  final List<Sample.Builder> samples = new CopyOnWriteArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);
  ProbeScheduler scheduler;

  @AfterEach
  void tearDown() {
    release.countDown();
    scheduler.close();
  }

  @Test
  void aTargetStillRunning_isSkippedThatRound_andCounted_whileOthersKeepTheirCadence() {
    scheduler = scheduler(List.of(SLOW, FAST), Duration.ofMillis(100), 4, target -> {
      if (target.equals(SLOW)) block(release);
      return Sample.newBuilder();
    }, Clock.systemUTC());
    scheduler.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.probesSkipped() >= 3 && samples.size() >= 3);
    assertThat(samples).allMatch(s -> s.getScheduledUnixMicros() > 0);
    release.countDown();
    await().until(() -> scheduler.probesDone() > scheduler.probesSkipped() + 1);
  }

  @Test
  void failingAndHangingProbes_doNotDelayTheRounds() {
    scheduler = scheduler(List.of(SLOW, FAST), Duration.ofMillis(100), 2, target -> {
      if (target.equals(SLOW)) block(release);
      throw new IllegalStateException("boom");
    }, Clock.systemUTC());
    long start = System.nanoTime();
    scheduler.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.rounds() >= 10);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMillis).isBetween(900L, 2_500L);
  }

  @Test
  void concurrency_isBounded() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<ProbeTarget> targets = IntStream.range(0, 10)
        .mapToObj(i -> new ProbeTarget(BASE, "example.com/m" + i, "v1.0.0", Endpoint.MOD)).toList();
    scheduler = scheduler(targets, Duration.ofMillis(100), 3, target -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      block(release);
      running.decrementAndGet();
      return Sample.newBuilder();
    }, Clock.systemUTC());
    scheduler.start();

    await().until(() -> running.get() == 3);
    await().during(Duration.ofMillis(300)).until(() -> running.get() == 3);
    assertThat(peak).hasValue(3);
  }

  @Test
  void startsAreSpreadOverTheFirstFifthOfTheInterval_andSamplesCarryScheduledAndStartedTimes() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    List<ProbeTarget> targets = IntStream.range(0, 20)
        .mapToObj(i -> new ProbeTarget(BASE, "example.com/m" + i, "", Endpoint.LIST)).toList();
    scheduler = scheduler(targets, Duration.ofSeconds(1), 4, target -> Sample.newBuilder(),
        Clock.fixed(now, ZoneOffset.UTC));
    scheduler.start();

    await().atMost(Duration.ofSeconds(2)).until(() -> samples.size() == 20);
    long nowMicros = now.getEpochSecond() * 1_000_000;
    assertThat(samples).allSatisfy(s -> {
      assertThat(s.getScheduledUnixMicros()).isBetween(nowMicros, nowMicros + 200_000);
      assertThat(s.getStartedUnixMicros()).isEqualTo(nowMicros);
    });
    assertThat(samples.stream().map(Sample.Builder::getScheduledUnixMicros).distinct().count()).isGreaterThan(10);
  }

  private ProbeScheduler scheduler(List<ProbeTarget> targets, Duration interval, int concurrency,
      Function<ProbeTarget, Sample.Builder> prober, Clock clock) {
    return new ProbeScheduler(targets, interval, concurrency, prober, samples::add, clock,
        RandomGenerator.getDefault());
  }

  private static void block(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
