package io.proxywatch.agent.transport;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.proxywatch.agent.spool.Outbox;
import io.proxywatch.agent.targets.TargetSets;
import io.proxywatch.proto.v1.Ack;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.SampleBatch;
import io.proxywatch.proto.v1.Welcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ingest.Stream call: Hello, wait for Welcome, then send the outbox in order as far as flow control
 * allows, releasing samples as Acks come; target sets and check requests go to the agent's TargetUpdates. gRPC callbacks only hand work to the transport's single thread,
 * which is the only thread that touches this object's state and the request stream.
 */
final class CollectorStream implements ClientResponseObserver<AgentMessage, CollectorMessage> {
  private static final Logger logger = LoggerFactory.getLogger(CollectorStream.class);
  static final int MAX_BATCH = 500;
  /** Well under the 4 MiB message limit gRPC servers apply by default, even with samples at their cap. */
  static final int MAX_BATCH_BYTES = 1 << 20;
  static final long WELCOME_TIMEOUT_SECONDS = 30;
  static final long HEALTHY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final CollectorClient client;
  private final Outbox outbox;
  private final ScheduledExecutorService executor;
  private ClientCallStreamObserver<AgentMessage> requests;
  private long lastSent;
  private boolean welcomed;
  private boolean acked;
  private boolean ended;
  private long welcomedAtNanos;
  private Ack lastAck;
  private long lastAckAtMicros;

  CollectorStream(CollectorClient client, Outbox outbox, ScheduledExecutorService executor) {
    this.client = client;
    this.outbox = outbox;
    this.executor = executor;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requests) {
    this.requests = requests;
    requests.setOnReadyHandler(() -> client.run(this::drain));
  }

  void start(Hello hello) {
    requests.onNext(AgentMessage.newBuilder().setHello(hello).build());
    executor.schedule(this::checkWelcomed, WELCOME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void onNext(CollectorMessage message) {
    client.run(() -> handle(message));
  }

  @Override
  public void onError(Throwable t) {
    client.run(() -> end(Status.fromThrowable(t)));
  }

  @Override
  public void onCompleted() {
    client.run(() -> end(Status.UNAVAILABLE.withDescription("the collector ended the stream")));
  }

  private void handle(CollectorMessage message) {
    if (ended) return;
    switch (message.getKindCase()) {
      case WELCOME -> welcome(message.getWelcome());
      case ACK -> ack(message.getAck());
      case TARGETS -> TargetSets.read(message.getTargets()).ifPresent(client.updates()::replace);
      case CHECK -> TargetSets.read(message.getCheck()).ifPresent(client.updates()::check);
      default -> logger.debug("ignoring unknown collector message {}", message.getKindCase());
    }
  }

  private void welcome(Welcome welcome) {
    long highest = welcome.getHighestSequence();
    if (outbox.continueAfter(highest)) {
      logger.warn("collector {} already holds sequences up to {}, beyond this agent's counter: its state "
          + "directory was lost or is shared with another agent; continuing above {}", client.target(), highest, highest);
    }
    client.countAcked(outbox.release(highest));
    lastSent = highest;
    welcomed = true;
    welcomedAtNanos = System.nanoTime();
    client.welcomed();
    client.updates().welcomed(welcome.getTargetSetVersion());
    logger.info("connected to collector {}: it holds sequences up to {}; replaying {} unacknowledged samples",
        client.target(), highest, outbox.size());
    drain();
  }

  private void ack(Ack ack) {
    acked = true;
    lastAck = ack;
    lastAckAtMicros = nowMicros();
    client.countAcked(outbox.release(ack.getHighestSequence()));
  }

  /** Sends batches while the transport is ready and there is something to send. */
  void drain() {
    if (!welcomed || ended) return;
    while (requests.isReady()) {
      List<Sample> batch = outbox.after(lastSent, MAX_BATCH, MAX_BATCH_BYTES);
      if (batch.isEmpty()) return;
      requests.onNext(AgentMessage.newBuilder().setBatch(timed(SampleBatch.newBuilder().addAllSamples(batch)
          .setStats(client.stats()))).build());
      lastSent = batch.get(batch.size() - 1).getSequence();
      client.countSent(batch.size());
    }
  }

  /** Stamps the send time and echoes the latest Ack's times: the collector measures this clock's offset from them. */
  private SampleBatch timed(SampleBatch.Builder batch) {
    if (lastAck != null) {
      batch.setEchoAgentSendUnixMicros(lastAck.getEchoAgentSendUnixMicros())
          .setEchoCollectorReceiveUnixMicros(lastAck.getCollectorReceiveUnixMicros())
          .setEchoCollectorSendUnixMicros(lastAck.getCollectorSendUnixMicros()).setAckReceiveUnixMicros(lastAckAtMicros);
      lastAck = null;
    }
    return batch.setAgentSendUnixMicros(nowMicros()).build();
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private void checkWelcomed() {
    if (!welcomed && !ended) {
      requests.cancel("no Welcome within " + WELCOME_TIMEOUT_SECONDS + " s", null);
    }
  }

  private void end(Status status) {
    if (ended) return;
    ended = true;
    client.ended(this, status);
  }

  /** Half-closes the stream (the collector then ends it) when the agent shuts down. */
  void finish() {
    if (ended) return;
    ended = true;
    requests.onCompleted();
  }

  boolean welcomed() {
    return welcomed;
  }

  /** Healthy enough to reset the reconnect backoff: welcomed and then acked or up for a while. */
  boolean wasHealthy() {
    return welcomed && (acked || System.nanoTime() - welcomedAtNanos >= HEALTHY_AFTER_NANOS);
  }
}
