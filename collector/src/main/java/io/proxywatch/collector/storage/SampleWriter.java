package io.proxywatch.collector.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.collector.health.Heartbeat;
import io.proxywatch.collector.health.Heartbeats;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample writer: each of its lanes is one dedicated thread with one bounded queue; an agent's batches always go
 * to the same lane (by agent id), in order. A lane groups what is waiting into one transaction and completes each
 * batch's future only after the commit. While the database is down it retries the same group with backoff and
 * completes nothing, so no agent is acked for unstored samples and, with the stream's flow control, agents are held
 * back instead of buffered without bound. Lanes touch disjoint agents, so their transactions never wait for each
 * other. A batch's rows are encoded for COPY by the thread that submits it.
 */
public final class SampleWriter implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(SampleWriter.class);

  private final DataSource dataSource;
  private final int maxSamplesPerTransaction;
  private final List<Lane> lanes = new ArrayList<>();
  private final Counter stored;
  private final Counter replayed;
  private final Timer commits;
  private final Object listeners = new Object();
  private volatile boolean running = true;
  private volatile Consumer<CommittedSamples> onCommit = committed -> { };
  private volatile Consumer<List<Sample>> onStored = samples -> { };

  /** One lane. */
  public SampleWriter(DataSource dataSource, int queueCapacity, int maxSamplesPerTransaction, MeterRegistry meters) {
    this(dataSource, 1, queueCapacity, maxSamplesPerTransaction, meters);
  }

  /** queueCapacity: batches waiting, over all lanes. */
  public SampleWriter(DataSource dataSource, int lanes, int queueCapacity, int maxSamplesPerTransaction, MeterRegistry meters) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.maxSamplesPerTransaction = maxSamplesPerTransaction;
    this.stored = Counter.builder("proxywatch_samples_stored").description("Samples committed to the database").register(meters);
    this.replayed = Counter.builder("proxywatch_samples_replayed_skipped").description("Replayed samples skipped because the agent's committed sequence already covered them").register(meters);
    this.commits = Timer.builder("proxywatch_write_commit").description("Time to write and commit one group of batches").register(meters);
    for (int i = 0; i < lanes; i++) this.lanes.add(new Lane(i, Math.max(1, queueCapacity / lanes)));
    Gauge.builder("proxywatch_write_queue_batches", this, SampleWriter::queued)
        .description("Batches waiting for the writer").register(meters);
    this.lanes.forEach(Lane::start);
  }

  /**
   * Given, on a writer thread after each commit that stored anything, the probe samples it stored (possibly none:
   * verification records alone); never twice at once, and in each agent's commit order (two lanes may hand over
   * different agents' commits in either order); must be quick and must not throw.
   */
  public void onCommit(Consumer<CommittedSamples> listener) {
    this.onCommit = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Given, on a writer thread after each commit, the samples it stored (replays left out), never two commits at once;
   * an agent's samples come in the order they were committed. Must be quick and must not throw.
   */
  public void onStored(Consumer<List<Sample>> listener) {
    this.onStored = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Marks progress on {@code heartbeats}, one loop per lane ("sample-writer", then "sample-writer-2", ...): every idle
   * poll and every commit, never a failed one.
   */
  public void watchedBy(Heartbeats heartbeats) {
    for (Lane lane : lanes) lane.heartbeat = heartbeats.register(lane.name);
  }

  /** Queues a batch; fails at once with {@link WriterOverloadedException} when its lane's queue is full. */
  public void submit(WriteRequest request) {
    if (!running) {
      request.done().completeExceptionally(new WriterOverloadedException("collector is shutting down"));
      return;
    }
    Lane lane = lanes.get(Math.floorMod(request.agentId().hashCode(), lanes.size()));
    if (!lane.queue.offer(SampleTransaction.Batch.of(request))) {
      request.done().completeExceptionally(new WriterOverloadedException("write queue full"));
    }
  }

  private int queued() {
    return lanes.stream().mapToInt(lane -> lane.queue.size()).sum();
  }

  /** One thread, one queue, one transaction at a time. */
  private final class Lane {
    /** "sample-writer", then "sample-writer-2", ...: its heartbeat's name, and its thread's after "proxywatch-". */
    final String name;
    final BlockingQueue<SampleTransaction.Batch> queue;
    final Thread thread;
    volatile Heartbeat heartbeat = Heartbeat.NONE;

    Lane(int index, int capacity) {
      this.name = index == 0 ? "sample-writer" : "sample-writer-" + (index + 1);
      this.queue = new ArrayBlockingQueue<>(capacity);
      this.thread = new Thread(this::run, "proxywatch-" + name);
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void run() {
      List<SampleTransaction.Batch> group = new ArrayList<>();
      while (running || !queue.isEmpty()) {
        try {
          SampleTransaction.Batch first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            heartbeat.beat();
            continue;
          }
          group.add(first);
          drainInto(group, first.request().samples().size());
          writeWithRetry(group);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } finally {
          group.forEach(b -> b.request().done().completeExceptionally(new WriterOverloadedException("collector is shutting down")));
          group.clear();
        }
      }
      failPending();
      heartbeat.close();
    }

    private void drainInto(List<SampleTransaction.Batch> group, int samples) {
      SampleTransaction.Batch next;
      while (samples < maxSamplesPerTransaction && (next = queue.poll()) != null) {
        group.add(next);
        samples += next.request().samples().size();
      }
    }

    private void writeWithRetry(List<SampleTransaction.Batch> group) throws InterruptedException {
      long backoffMillis = 100;
      do {
        try {
          commit(group);
          heartbeat.beat();
          return;
        } catch (SQLException e) {
          logger.warn("writing {} batches failed, retrying in {} ms: {}", group.size(), backoffMillis, e.getMessage());
          Thread.sleep(backoffMillis);
          backoffMillis = Math.min(backoffMillis * 2, 5_000);
        }
      } while (running);
    }

    private void failPending() {
      SampleTransaction.Batch batch;
      while ((batch = queue.poll()) != null) {
        batch.request().done().completeExceptionally(new WriterOverloadedException("collector is shutting down"));
      }
    }
  }

  private void commit(List<SampleTransaction.Batch> group) throws SQLException {
    long start = System.nanoTime();
    SampleTransaction.Result result;
    try (Connection connection = dataSource.getConnection()) {
      result = new SampleTransaction(connection).write(group);
    }
    commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    stored.increment(result.inserted());
    replayed.increment(result.skipped());
    for (SampleTransaction.Batch batch : group) {
      batch.request().done().complete(result.highestByAgent().get(batch.request().agentId()));
    }
    if (result.inserted() > 0) {
      synchronized (listeners) {
        onStored.accept(result.stored().samples());
        onCommit.accept(result.stored());
      }
    }
  }

  /** Stops taking batches, finishes the groups in hand (if the database answers) and fails the rest. */
  @Override
  public void close() {
    running = false;
    for (Lane lane : lanes) {
      try {
        lane.thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lane.failPending();
    }
  }
}
