package io.proxywatch.bench.eval;

import io.proxywatch.bench.SyntheticSamples;
import io.proxywatch.collector.storage.SampleWriter;
import io.proxywatch.collector.storage.WriteRequest;
import io.proxywatch.proto.v1.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds the writer as a fleet would: every region probes every target once per cadence, each region from its own
 * place in the list, one agent per region, batches of
 * up to {@value #BATCH} samples, at most {@value #IN_FLIGHT} batches awaiting their commit (so a writer that cannot keep
 * up slows the fleet down, and the rate achieved is what the machine sustains). Injections ride on the same thread, so
 * each agent's sequences reach the writer in order.
 */
final class FleetLoad {
  static final int BATCH = 500;
  static final int IN_FLIGHT = 64;

  private final SampleWriter writer;
  private final List<String> regions;
  private final int targets;
  private final long[] sequences;
  private final List<List<Sample>> batches = new ArrayList<>();
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  final AtomicLong committed = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  /** Module of each injected divergence, to the System.nanoTime() its batch was committed at. */
  final Map<String, Long> injectedCommits = new ConcurrentHashMap<>();
  private long position;
  private int injections;

  FleetLoad(SampleWriter writer, List<String> regions, int targets) {
    this.writer = writer;
    this.regions = regions;
    this.targets = targets;
    this.sequences = new long[regions.size()];
    for (int r = 0; r < regions.size(); r++) batches.add(new ArrayList<>());
  }

  /** One full round (every target from every region) taken over the cadence before {@code endMicros}, as fast as it goes. */
  void round(long endMicros, long cadenceMicros) throws InterruptedException {
    long count = (long) targets * regions.size();
    for (long i = 0; i < count; i++) add(endMicros - cadenceMicros + cadenceMicros * i / count);
    flush();
    drain();
  }

  /**
   * Sends what is due at {@code rate} samples/s since {@code startNanos}, but at most a tenth of a second's worth, so a
   * writer that falls behind leaves the fleet behind (the rate achieved says so) and the caller still gets to inject.
   */
  void sendDue(long startNanos, double rate) throws InterruptedException {
    long due = Math.min((long) ((System.nanoTime() - startNanos) / 1e9 * rate), position + (long) (rate / 10));
    long nowMicros = System.currentTimeMillis() * 1000;
    while (position < due) add(nowMicros);
    flush();
  }

  /**
   * Serves one region a different .mod than the others: a content divergence that fires at once, on a target that
   * region has just probed, so it lasts until the region's next round. Returns its module.
   */
  String inject() throws InterruptedException {
    int k = injections++;
    int r = k % regions.size();
    int target = (int) Math.floorMod(position / regions.size() + (long) r * (targets / regions.size()) - 1, (long) targets);
    while (!FleetSamples.isMod(target)) target = Math.floorMod(target - 1, targets);
    flush();
    Sample s = FleetSamples.sample(agent(r), regions.get(r), ++sequences[r], target, System.currentTimeMillis() * 1000, 1 + k);
    String module = SyntheticSamples.module(target / 5);
    submit(r, List.of(s), module);
    return module;
  }

  /** Waits until every batch sent so far is committed (or failed). */
  void drain() throws InterruptedException {
    inFlight.acquire(IN_FLIGHT);
    inFlight.release(IN_FLIGHT);
  }

  long sent() {
    return position;
  }

  private void add(long startedMicros) throws InterruptedException {
    int r = (int) (position % regions.size());
    // Each region works through the targets from its own offset, as independent agents would: every sample is the
    // only fresh change of its target at that moment, the most comparisons an evaluator can be asked for.
    int target = (int) ((position / regions.size() + (long) r * (targets / regions.size())) % targets);
    position++;
    List<Sample> batch = batches.get(r);
    batch.add(FleetSamples.sample(agent(r), regions.get(r), ++sequences[r], target, startedMicros, 0));
    if (batch.size() >= BATCH) flush(r);
  }

  private void flush() throws InterruptedException {
    for (int r = 0; r < regions.size(); r++) flush(r);
  }

  private void flush(int r) throws InterruptedException {
    List<Sample> batch = batches.get(r);
    if (batch.isEmpty()) return;
    submit(r, List.copyOf(batch), null);
    batch.clear();
  }

  private void submit(int r, List<Sample> samples, String injected) throws InterruptedException {
    if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) throw new IllegalStateException("the writer committed nothing for 60 s");
    WriteRequest request = WriteRequest.of(agent(r), regions.get(r), samples, samples.get(samples.size() - 1).getSequence(), 0);
    request.done().whenComplete((highest, error) -> {
      if (error == null && injected != null) injectedCommits.put(injected, System.nanoTime());
      (error == null ? committed : failed).addAndGet(samples.size());
      inFlight.release();
    });
    writer.submit(request);
  }

  private String agent(int r) {
    return "bench-eval-" + regions.get(r);
  }
}
