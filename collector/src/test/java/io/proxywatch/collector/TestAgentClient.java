package io.proxywatch.collector;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.IngestGrpc;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.SampleBatch;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw ingest stream for tests: sends exactly what a test says and records every answer. */
public final class TestAgentClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final BlockingQueue<CollectorMessage> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Status> closed = new LinkedBlockingQueue<>();
  private final StreamObserver<AgentMessage> out;

  public TestAgentClient(int port) {
    this(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build(), "");
  }

  /** Over TLS trusting {@code cert}, sending {@code token} (none when empty). */
  public TestAgentClient(int port, java.nio.file.Path cert, String token) throws javax.net.ssl.SSLException {
    this(NettyChannelBuilder.forAddress("127.0.0.1", port)
        .sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient().trustManager(cert.toFile()).build())
        .build(), token);
  }

  /** Over mutual TLS: trusting {@code cert}, presenting {@code clientCert}/{@code clientKey}, sending {@code token}. */
  public TestAgentClient(int port, java.nio.file.Path cert, java.nio.file.Path clientCert, java.nio.file.Path clientKey,
                      String token) throws javax.net.ssl.SSLException {
    this(NettyChannelBuilder.forAddress("127.0.0.1", port)
        .sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient().trustManager(cert.toFile())
            .keyManager(clientCert.toFile(), clientKey.toFile()).build())
        .build(), token);
  }

  /** Plaintext, sending {@code token}. */
  public TestAgentClient(int port, String token) {
    this(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build(), token);
  }

  private TestAgentClient(ManagedChannel channel, String token) {
    this.channel = channel;
    IngestGrpc.IngestStub stub = IngestGrpc.newStub(channel);
    if (!token.isEmpty()) {
      io.grpc.Metadata headers = new io.grpc.Metadata();
      headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      stub = stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    out = stub.stream(new StreamObserver<>() {
      @Override
      public void onNext(CollectorMessage message) {
        received.add(message);
      }

      @Override
      public void onError(Throwable t) {
        closed.add(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        closed.add(Status.OK);
      }
    });
  }

  public TestAgentClient hello(String agentId, String region) {
    return send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(agentId).setRegion(region)
        .setSoftwareVersion("test").setAgentTimeUnixMicros(System.currentTimeMillis() * 1000)).build());
  }

  public TestAgentClient batch(List<Sample> samples) {
    return send(AgentMessage.newBuilder().setBatch(SampleBatch.newBuilder().addAllSamples(samples)).build());
  }

  public TestAgentClient send(AgentMessage message) {
    out.onNext(message);
    return this;
  }

  /** The next message from the collector, failing the test after 10 s. */
  public CollectorMessage next() throws InterruptedException {
    CollectorMessage message = received.poll(10, TimeUnit.SECONDS);
    if (message == null) throw new AssertionError("no message from the collector within 10 s; stream status: " + closed.peek());
    return message;
  }

  /** The next message, or null as soon as the stream ends without one; fails the test after 10 s of neither. */
  public CollectorMessage nextUnlessClosed() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      CollectorMessage message = received.poll(20, TimeUnit.MILLISECONDS);
      if (message != null) return message;
      if (!closed.isEmpty()) return received.poll();
    }
    throw new AssertionError("neither a message nor the end of the stream within 10 s");
  }

  /** How the collector ended the stream, failing the test after 10 s. */
  public Status closedWith() throws InterruptedException {
    Status status = closed.poll(10, TimeUnit.SECONDS);
    if (status == null) throw new AssertionError("the collector did not end the stream within 10 s");
    return status;
  }

  public boolean isOpen() {
    return closed.isEmpty();
  }

  @Override
  public void close() {
    try {
      out.onCompleted();
    } catch (IllegalStateException e) {
      // already closed by the server
    }
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
