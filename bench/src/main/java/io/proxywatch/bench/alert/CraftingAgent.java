package io.proxywatch.bench.alert;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.IngestGrpc;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.SampleBatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An agent whose samples the benchmark writes by hand: one sample at a time, each awaited until acked. */
final class CraftingAgent implements ClientResponseObserver<AgentMessage, CollectorMessage>, AutoCloseable {
  final String agentId;
  final String region;
  private final ManagedChannel channel;
  private final CompletableFuture<Long> welcome = new CompletableFuture<>();
  private ClientCallStreamObserver<AgentMessage> requests;
  private long sequence;
  private long waitingFor = Long.MAX_VALUE;
  private CompletableFuture<Long> ackedAt = new CompletableFuture<>();

  CraftingAgent(String agentId, String region, int port) throws Exception {
    this.agentId = agentId;
    this.region = region;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    IngestGrpc.newStub(channel).stream(this);
    requests.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(agentId).setRegion(region)
        .setSoftwareVersion("bench").setAgentTimeUnixMicros(System.currentTimeMillis() * 1000)).build());
    sequence = welcome.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requests) {
    this.requests = requests;
  }

  /** Sends one sample (its sequence set here) and returns System.nanoTime() when its Ack arrived. */
  long send(Sample.Builder sample) throws Exception {
    CompletableFuture<Long> acked;
    synchronized (this) {
      Sample s = sample.setSequence(++sequence).setAgentId(agentId).setRegion(region).build();
      waitingFor = s.getSequence();
      acked = ackedAt = new CompletableFuture<>();
      requests.onNext(AgentMessage.newBuilder().setBatch(SampleBatch.newBuilder().addSamples(s)).build());
    }
    return acked.get(30, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void onNext(CollectorMessage message) {
    long now = System.nanoTime();
    if (message.hasWelcome()) welcome.complete(message.getWelcome().getHighestSequence());
    if (message.hasAck() && message.getAck().getHighestSequence() >= waitingFor) ackedAt.complete(now);
  }

  @Override
  public void onError(Throwable t) {
    welcome.completeExceptionally(t);
    ackedAt.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
  }

  @Override
  public void close() {
    requests.cancel("benchmark over", null);
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
