package io.proxywatch.agent.transport;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.proxywatch.agent.schedule.Threads;
import io.proxywatch.agent.spool.Outbox;
import io.proxywatch.proto.v1.AgentStats;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.IngestGrpc;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Ingest.Stream open to the collector and delivers the outbox over it, at least once. When the
 * stream fails or ends it reconnects with jittered exponential backoff (a long one after the collector
 * refused the agent's token) and replays every unacknowledged sample from the oldest. All stream state
 * lives on one thread ("proxywatch-transport").
 */
public final class CollectorClient implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(CollectorClient.class);

  private final ManagedChannel channel;
  private final String target;
  private final CallCredentials credentials;
  private final Outbox outbox;
  private final Supplier<Hello> hello;
  private final TargetUpdates updates;
  private final ReconnectBackoff backoff;
  private final ReconnectBackoff refusedBackoff;
  private final ConnectionLog log;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(Threads.named("proxywatch-transport"));
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  /** System.nanoTime() of the last Ack or Welcome; {@link Long#MIN_VALUE} before the first. */
  private volatile long lastAckNanos = Long.MIN_VALUE;
  private volatile Supplier<AgentStats> stats = AgentStats::getDefaultInstance;
  private CollectorStream current;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param target the collector address, for logs
   * @param credentials the agent token for each stream, or null
   * @param hello makes the Hello for each new stream (it carries the agent's clock)
   * @param updates receives the target sets and check requests the collector pushes
   */
  public CollectorClient(ManagedChannel channel, String target, CallCredentials credentials, Outbox outbox,
      Supplier<Hello> hello, TargetUpdates updates, RandomGenerator random) {
    this.channel = channel;
    this.target = target;
    this.credentials = credentials;
    this.outbox = outbox;
    this.hello = hello;
    this.updates = updates;
    this.backoff = new ReconnectBackoff(random, ReconnectBackoff.INITIAL, ReconnectBackoff.CAP);
    this.refusedBackoff = new ReconnectBackoff(random, ReconnectBackoff.REFUSED_INITIAL, ReconnectBackoff.REFUSED_CAP);
    this.log = new ConnectionLog(target);
  }

  public void start() {
    outbox.onAdd(this::requestDrain);
    run(this::connect);
  }

  private void connect() {
    if (closed) return;
    CollectorStream stream = new CollectorStream(this, outbox, executor);
    current = stream;
    IngestGrpc.IngestStub stub = IngestGrpc.newStub(channel);
    (credentials == null ? stub : stub.withCallCredentials(credentials)).stream(stream);
    stream.start(hello.get());
  }

  void ended(CollectorStream stream, Status status) {
    if (stream != current) return;
    current = null;
    if (closed) return;
    if (stream.wasHealthy()) backoff.reset();
    ConnectionLog.Failure failure = ConnectionLog.classify(status);
    // A refusal lasts until someone fixes the token: retrying fast would only load the collector.
    Duration delay = failure == ConnectionLog.Failure.REFUSED ? refusedBackoff.next() : backoff.next();
    log.ended(stream.welcomed(), status, failure, delay);
    executor.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void requestDrain() {
    if (drainQueued.compareAndSet(false, true)) {
      run(() -> {
        drainQueued.set(false);
        if (current != null) current.drain();
      });
    }
  }

  /** The status code, its description and the root cause's message, on one line. */
  static String describe(Status status) {
    StringBuilder out = new StringBuilder(status.getCode().toString());
    // Netty appends the channel pipeline on further lines: one line per event is enough.
    if (status.getDescription() != null) out.append(" (").append(status.getDescription().lines().findFirst().orElse("")).append(')');
    Throwable cause = status.getCause();
    while (cause != null && cause.getCause() != null) cause = cause.getCause();
    if (cause != null && cause.getMessage() != null) out.append(": ").append(cause.getMessage());
    return out.toString();
  }

  /** Runs {@code task} on the transport thread; dropped once the client is closed. */
  void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed) throw e;
    }
  }

  void welcomed() {
    refusedBackoff.reset();
    log.welcomed();
  }

  void countSent(int n) {
    sent.addAndGet(n);
  }

  void countAcked(int n) {
    acked.addAndGet(n);
    lastAckNanos = System.nanoTime();
  }

  /** The agent's counters, sent with every batch; until set, empty ones. */
  public void statsFrom(Supplier<AgentStats> stats) {
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  AgentStats stats() {
    return stats.get();
  }

  /** Time since the collector last acknowledged anything (an Ack or a Welcome), empty before the first. */
  public Optional<Duration> lastAckAge() {
    long at = lastAckNanos;
    return at == Long.MIN_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - at));
  }

  TargetUpdates updates() {
    return updates;
  }

  String target() {
    return target;
  }

  /** Samples written to a stream, replays included. */
  public long samplesSent() {
    return sent.get();
  }

  /** Samples the collector has acknowledged (by Ack or Welcome) and that were released from the outbox. */
  public long samplesAcked() {
    return acked.get();
  }

  /** Ends the stream and the channel. Unacknowledged samples stay in the outbox. Idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) return;
    closed = true;
    try {
      executor.submit(() -> { if (current != null) current.finish(); }).get(1, TimeUnit.SECONDS);
      channel.shutdown();
      if (!channel.awaitTermination(1, TimeUnit.SECONDS)) channel.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    } catch (Exception e) {
      logger.warn("error while closing the stream to {}", target, e);
      channel.shutdownNow();
    } finally {
      executor.shutdownNow();
    }
  }
}
