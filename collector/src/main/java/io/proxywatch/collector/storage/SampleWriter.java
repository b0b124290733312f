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
 * The single writer: one dedicated thread takes batches from a bounded queue, groups what is waiting into
 * one transaction and completes each batch's future only after the commit. While the database is down it
 * retries the same group with backoff and completes nothing, so no agent is acked for unstored samples
 * and, with the stream's flow control, agents are held back instead of buffered without bound.
 */
public final class SampleWriter implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(SampleWriter.class);

  private final DataSource dataSource;
  private final BlockingQueue<WriteRequest> queue;
  private final int maxSamplesPerTransaction;
  private final Thread thread;
  private final Counter stored;
  private final Counter replayed;
  private final Timer commits;
  private volatile boolean running = true;
  private volatile Consumer<CommittedSamples> onCommit = committed -> { };
  private volatile Consumer<List<Sample>> onStored = samples -> { };
  private volatile Heartbeat heartbeat = Heartbeat.NONE;

  public SampleWriter(DataSource dataSource, int queueCapacity, int maxSamplesPerTransaction, MeterRegistry meters) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.maxSamplesPerTransaction = maxSamplesPerTransaction;
    this.stored = Counter.builder("proxywatch_samples_stored").description("Samples committed to the database").register(meters);
    this.replayed = Counter.builder("proxywatch_samples_replayed_skipped").description("Replayed samples skipped because the agent's committed sequence already covered them").register(meters);
    this.commits = Timer.builder("proxywatch_write_commit").description("Time to write and commit one group of batches").register(meters);
    Gauge.builder("proxywatch_write_queue_batches", queue, BlockingQueue::size)
        .description("Batches waiting for the writer").register(meters);
    this.thread = new Thread(this::run, "proxywatch-sample-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Given, on the writer thread after each commit that stored anything, the probe samples it stored (possibly none:
   * verification records alone), in commit order; must be quick and must not throw.
   */
  public void onCommit(Consumer<CommittedSamples> listener) {
    this.onCommit = Objects.requireNonNull(listener, "listener");
  }

  /** Given, on the writer thread after each commit, the samples it stored (replays left out); must be quick and must not throw. */
  public void onStored(Consumer<List<Sample>> listener) {
    this.onStored = Objects.requireNonNull(listener, "listener");
  }

  /** Marks progress on {@code heartbeats} (as "sample-writer"): every idle poll and every commit, never a failed one. */
  public void watchedBy(Heartbeats heartbeats) {
    heartbeat = heartbeats.register("sample-writer");
  }

  /** Queues a batch; fails at once with {@link WriterOverloadedException} when the queue is full. */
  public void submit(WriteRequest request) {
    if (!running) {
      request.done().completeExceptionally(new WriterOverloadedException("collector is shutting down"));
    } else if (!queue.offer(request)) {
      request.done().completeExceptionally(new WriterOverloadedException("write queue full"));
    }
  }

  private void run() {
    List<WriteRequest> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        WriteRequest first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          heartbeat.beat();
          continue;
        }
        group.add(first);
        drainInto(group, first.samples().size());
        writeWithRetry(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        group.forEach(r -> r.done().completeExceptionally(new WriterOverloadedException("collector is shutting down")));
        group.clear();
      }
    }
    failPending();
    heartbeat.close();
  }

  private void drainInto(List<WriteRequest> group, int samples) {
    WriteRequest next;
    while (samples < maxSamplesPerTransaction && (next = queue.poll()) != null) {
      group.add(next);
      samples += next.samples().size();
    }
  }

  private void writeWithRetry(List<WriteRequest> group) throws InterruptedException {
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

  private void commit(List<WriteRequest> group) throws SQLException {
    long start = System.nanoTime();
    SampleTransaction.Result result;
    try (Connection connection = dataSource.getConnection()) {
      result = new SampleTransaction(connection).write(group);
    }
    commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    stored.increment(result.inserted());
    replayed.increment(result.skipped());
    for (WriteRequest request : group) {
      request.done().complete(result.highestByAgent().get(request.agentId()));
    }
    if (result.inserted() > 0) {
      onStored.accept(result.stored().samples());
      onCommit.accept(result.stored());
    }
  }

  private void failPending() {
    WriteRequest request;
    while ((request = queue.poll()) != null) {
      request.done().completeExceptionally(new WriterOverloadedException("collector is shutting down"));
    }
  }

  /** Stops taking batches, finishes the group in hand (if the database answers) and fails the rest. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failPending();
  }
}
