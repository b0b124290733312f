package io.proxywatch.bench.ingest;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.proxywatch.bench.SyntheticSamples;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.IngestGrpc;
import io.proxywatch.proto.v1.SampleBatch;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One agent's Ingest.Stream as the real agent drives it (agent/.../transport/CollectorStream): Hello, wait for
 * the Welcome, then batches of 500 samples whenever gRPC says the stream is ready, releasing on each Ack.
 * Its outbox never runs dry: a new sample is always waiting. At most {@code maxInFlight} batches are
 * unacknowledged, as a bounded outbox would allow.
 */
final class SimulatedAgent implements ClientResponseObserver<AgentMessage, CollectorMessage> {
  static final int BATCH = 500;

  private final String agentId;
  private final String region;
  private final long baseMicros;
  private final int maxInFlight;
  private final ManagedChannel channel;
  private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
  private final LatencyRecorder latencies;
  final AtomicLong acked = new AtomicLong();
  private ClientCallStreamObserver<AgentMessage> requests;
  private long lastSent;
  private boolean welcomed;
  private volatile boolean stopped;

  SimulatedAgent(int index, int port, long baseMicros, int maxInFlight, LatencyRecorder latencies) {
    this.agentId = agentId(index);
    this.region = region(index);
    this.baseMicros = baseMicros;
    this.maxInFlight = maxInFlight;
    this.latencies = latencies;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  static String agentId(int index) {
    return "bench-ingest-" + index;
  }

  static String region(int index) {
    return io.proxywatch.bench.query.Dataset.REGIONS[index % 4];
  }

  /** Sample {@code sequence} of agent {@code index}, the same whoever asks (the raw-COPY baseline does). */
  static io.proxywatch.proto.v1.Sample sample(int index, long sequence, long baseMicros) {
    return SyntheticSamples.sample(agentId(index), region(index), sequence, (int) ((sequence * 7 + index) % 1000),
        baseMicros + sequence * 1_000);
  }

  private int index() {
    return Integer.parseInt(agentId.substring("bench-ingest-".length()));
  }

  void start() {
    IngestGrpc.newStub(channel).stream(this);
    requests.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(agentId).setRegion(region)
        .setSoftwareVersion("bench").setAgentTimeUnixMicros(System.currentTimeMillis() * 1000)).build());
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requests) {
    this.requests = requests;
    requests.setOnReadyHandler(this::drain);
  }

  @Override
  public synchronized void onNext(CollectorMessage message) {
    if (message.hasWelcome()) {
      lastSent = message.getWelcome().getHighestSequence();
      welcomed = true;
    } else if (message.hasAck()) {
      long highest = message.getAck().getHighestSequence();
      long now = System.nanoTime();
      while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= highest) {
        latencies.record(now - inFlight.pollFirst()[1]);
        acked.addAndGet(BATCH);
      }
    }
    drain();
  }

  private synchronized void drain() {
    if (!welcomed || stopped) return;
    int index = index();
    while (requests.isReady() && inFlight.size() < maxInFlight) {
      SampleBatch.Builder batch = SampleBatch.newBuilder();
      for (int i = 0; i < BATCH; i++) batch.addSamples(sample(index, ++lastSent, baseMicros));
      requests.onNext(AgentMessage.newBuilder().setBatch(batch).build());
      inFlight.addLast(new long[] {lastSent, System.nanoTime()});
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!stopped) System.err.println(agentId + ": stream failed: " + t);
  }

  @Override
  public void onCompleted() {
  }

  void stop() {
    stopped = true;
    synchronized (this) {
      requests.cancel("benchmark over", null);
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
