package io.proxywatch.collector.ingest;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.proxywatch.collector.logging.LogFields;
import io.proxywatch.collector.storage.AgentRegistry;
import io.proxywatch.collector.storage.SampleWriter;
import io.proxywatch.collector.storage.WriteRequest;
import io.proxywatch.collector.storage.WriterOverloadedException;
import io.proxywatch.proto.v1.Ack;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.SampleBatch;
import io.proxywatch.proto.v1.TargetSet;
import io.proxywatch.proto.v1.Welcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's stream. Flow control is manual: the collector asks gRPC for one more message only when a
 * batch has been committed and acked, with at most {@value #BATCHES_IN_FLIGHT} batches outstanding, so a
 * slow database slows the agents down through HTTP/2 flow control instead of filling memory here.
 */
final class AgentStream implements StreamObserver<AgentMessage>, ConnectedAgents.Connection {
  private static final Logger logger = LoggerFactory.getLogger(AgentStream.class);
  static final int BATCHES_IN_FLIGHT = 4;
  /** The refined clock offset is stored at most this often per stream. */
  static final long CLOCK_STORE_MILLIS = 10_000;

  record Dependencies(AgentRegistry registry, SampleWriter writer, Executor blocking, MessageValidator validator,
                      TargetSource targets, ConnectedAgents connected,
                      Clock clock, IngestMetrics metrics) {}

  private final ServerCallStreamObserver<CollectorMessage> out;
  private final Dependencies deps;
  private final AtomicInteger pending = new AtomicInteger();
  private final AgentAuth.Session session;
  private final StatsReports stats;
  private final ClockOffset clockOffset = new ClockOffset();
  private volatile long clockStoredAtMillis;
  private volatile String agentId;
  private volatile String region;
  private boolean finished;
  private boolean halfClosed;

  /** session: the enrolled identity when tokens are required, null when they are not. */
  AgentStream(ServerCallStreamObserver<CollectorMessage> out, Dependencies deps, AgentAuth.Session session) {
    this.out = out;
    this.deps = deps;
    this.session = session;
    this.stats = new StatsReports(deps);
    out.disableAutoRequest();
    out.setOnCancelHandler(this::cancelled);
    deps.metrics().openStreams.incrementAndGet();
    out.request(1);
  }

  @Override
  public void onNext(AgentMessage message) {
    switch (message.getKindCase()) {
      case HELLO -> onHello(message.getHello());
      case BATCH -> onBatch(message.getBatch());
      default -> ignore(LenientMessages.parseError(message).map(e -> "unreadable message: " + e)
          .orElse("message with no kind set (unknown field or empty)"));
    }
  }

  private void onHello(Hello hello) {
    if (agentId != null) {
      ignore("second hello on one stream");
      return;
    }
    try {
      deps.validator().hello(hello);
    } catch (InvalidInputException e) {
      deps.metrics().badMessages.increment();
      fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
      return;
    }
    if (session != null && !(session.identity().agentId().equals(hello.getAgentId())
        && session.identity().region().equals(hello.getRegion()))) {
      deps.metrics().badMessages.increment();
      fail(Status.PERMISSION_DENIED.withDescription("this token is enrolled for agent " + session.identity().agentId()
          + " in region " + session.identity().region() + ", not " + hello.getAgentId() + " in " + hello.getRegion()));
      return;
    }
    deps.blocking().execute(() -> register(hello));
  }

  private void register(Hello hello) {
    long now = nowMicros();
    try {
      long highest = deps.registry().hello(hello.getAgentId(), hello.getRegion(), hello.getSoftwareVersion(),
          now - hello.getAgentTimeUnixMicros());
      agentId = hello.getAgentId();
      region = hello.getRegion();
      logFields().run(() -> logger.info("agent {} ({}, {}) connected; highest stored sequence {}", agentId, region,
          hello.getSoftwareVersion(), highest));
      TargetSet targets = deps.targets().current(region);
      send(CollectorMessage.newBuilder().setWelcome(Welcome.newBuilder().setHighestSequence(highest)
          .setCollectorTimeUnixMicros(now).setTargetSetVersion(targets.getVersion())).build());
      if (targets.getVersion() != 0 && targets.getVersion() != hello.getTargetSetVersion()) {
        send(CollectorMessage.newBuilder().setTargets(targets).build());
      }
      deps.connected().add(this);
      request(BATCHES_IN_FLIGHT);
    } catch (Exception e) {
      LogFields.agent(hello.getAgentId(), hello.getRegion())
          .run(() -> logger.warn("registering agent {} failed: {}", hello.getAgentId(), e.getMessage()));
      fail(Status.UNAVAILABLE.withDescription("database unavailable, retry later"));
    }
  }

  private void onBatch(SampleBatch batch) {
    if (agentId == null) {
      deps.metrics().badMessages.increment();
      fail(Status.FAILED_PRECONDITION.withDescription("send a hello before any batch"));
      return;
    }
    if (session != null && !session.stillValid()) {
      fail(Status.UNAUTHENTICATED.withDescription("agent token revoked"));
      return;
    }
    long receivedMicros = nowMicros();
    deps.metrics().batches.increment();
    if (batch.hasStats()) stats.offer(agentId, batch.getStats());
    measureClock(batch, receivedMicros);
    WriteRequest request = validated(batch);
    pending.incrementAndGet();
    request.done().whenComplete((highest, error) -> committed(highest, error, batch.getAgentSendUnixMicros(), receivedMicros));
    deps.writer().submit(request);
  }

  private WriteRequest validated(SampleBatch batch) {
    List<Sample> valid = new ArrayList<>(batch.getSamplesCount());
    long highestSeen = 0;
    int rejected = 0;
    for (Sample sample : batch.getSamplesList()) {
      highestSeen = Math.max(highestSeen, sample.getSequence());
      try {
        valid.add(deps.validator().sample(sample, agentId, region));
      } catch (InvalidInputException e) {
        rejected++;
        logger.debug("agent {}: rejected sample {}: {}", agentId, sample.getSequence(), e.getMessage());
      }
    }
    deps.metrics().received.increment(batch.getSamplesCount());
    deps.metrics().rejected.increment(rejected);
    return WriteRequest.of(agentId, region, valid, highestSeen, rejected);
  }

  /** The batch echoes an earlier Ack's times: one more round trip; the best estimate is stored now and then. */
  private void measureClock(SampleBatch batch, long receivedMicros) {
    Optional<ClockOffset.Estimate> best = clockOffset.record(batch.getEchoAgentSendUnixMicros(),
        batch.getEchoCollectorReceiveUnixMicros(), batch.getEchoCollectorSendUnixMicros(), batch.getAckReceiveUnixMicros());
    if (best.isEmpty() || receivedMicros / 1000 - clockStoredAtMillis < CLOCK_STORE_MILLIS) return;
    clockStoredAtMillis = receivedMicros / 1000;
    String agent = agentId;
    deps.blocking().execute(() -> {
      try {
        deps.registry().clock(agent, best.get().offsetMicros(), best.get().roundTripMicros());
      } catch (Exception e) {
        logger.debug("agent {}: storing its clock offset failed: {}", agent, e.toString());
      }
    });
  }

  private long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, deps.clock().instant());
  }

  private void committed(Long highest, Throwable error, long agentSentMicros, long receivedMicros) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      Status status = cause instanceof WriterOverloadedException ? Status.RESOURCE_EXHAUSTED : Status.UNAVAILABLE;
      fail(status.withDescription("batch not stored: " + cause.getMessage()));
    } else {
      send(CollectorMessage.newBuilder().setAck(Ack.newBuilder().setHighestSequence(highest)
          .setEchoAgentSendUnixMicros(agentSentMicros).setCollectorReceiveUnixMicros(receivedMicros)
          .setCollectorSendUnixMicros(nowMicros())).build());
      request(1);
    }
    if (pending.decrementAndGet() == 0) completeIfHalfClosed();
  }

  private void ignore(String what) {
    deps.metrics().badMessages.increment();
    logger.debug("agent {}: ignored {}", agentId, what);
    request(1);
  }

  @Override
  public void onError(Throwable t) {
    logFields().run(() -> logger.debug("agent {}: stream ended by the agent side: {}", agentId, Status.fromThrowable(t)));
    finish();
  }

  @Override
  public void onCompleted() {
    synchronized (this) {
      halfClosed = true;
    }
    if (pending.get() == 0) completeIfHalfClosed();
  }

  private synchronized void completeIfHalfClosed() {
    if (halfClosed && !finished) {
      out.onCompleted();
      finish();
    }
  }

  @Override
  public synchronized void send(CollectorMessage message) {
    if (!finished) out.onNext(message);
  }

  @Override
  public String agentId() {
    return agentId;
  }

  @Override
  public String region() {
    return region;
  }

  private synchronized void request(int messages) {
    if (!finished) out.request(messages);
  }

  private synchronized void fail(Status status) {
    if (!finished) {
      logFields().run(() -> logger.info("agent {}: closing stream: {} {}", agentId, status.getCode(),
          status.getDescription()));
      out.onError(status.asRuntimeException());
      finish();
    }
  }

  private void cancelled() {
    logFields().run(() -> logger.info("agent {}: stream cancelled", agentId));
    finish();
  }

  private LogFields logFields() {
    return LogFields.agent(agentId, region);
  }

  private synchronized void finish() {
    if (!finished) {
      finished = true;
      deps.connected().remove(this);
      deps.metrics().openStreams.decrementAndGet();
    }
  }
}
