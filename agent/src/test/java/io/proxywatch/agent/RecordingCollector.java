package io.proxywatch.agent;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.stub.StreamObserver;
import io.proxywatch.proto.v1.Ack;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.IngestGrpc;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Welcome;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real gRPC server (Netty) that stores samples above the highest one it has, and acks, as the collector
 * does. Plaintext on a free port by default; a test can choose the port, TLS credentials and interceptors
 * (a token check).
 */
final class RecordingCollector extends IngestGrpc.IngestImplBase implements AutoCloseable {
  final List<Sample> stored = new CopyOnWriteArrayList<>();
  final List<Long> received = new CopyOnWriteArrayList<>();
  final List<Hello> hellos = new CopyOnWriteArrayList<>();
  private final Server server;
  private long highest;
  private StreamObserver<CollectorMessage> last;

  RecordingCollector() throws IOException {
    this(0, InsecureServerCredentials.create());
  }

  RecordingCollector(int port, ServerCredentials credentials, ServerInterceptor... interceptors) throws IOException {
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, credentials).addService(this);
    for (ServerInterceptor interceptor : interceptors) builder.intercept(interceptor);
    server = builder.build().start();
  }

  int port() {
    return server.getPort();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public StreamObserver<AgentMessage> stream(StreamObserver<CollectorMessage> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(AgentMessage message) {
        if (message.hasHello()) {
          hellos.add(message.getHello());
          send(responses, CollectorMessage.newBuilder()
              .setWelcome(Welcome.newBuilder().setHighestSequence(highest())).build());
        } else {
          send(responses, CollectorMessage.newBuilder().setAck(commit(message.getBatch().getSamplesList())).build());
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  private synchronized void send(StreamObserver<CollectorMessage> responses, CollectorMessage message) {
    last = responses;
    responses.onNext(message);
  }

  /** Sends {@code message} on the latest stream, as the collector pushes target sets and checks. */
  synchronized void push(CollectorMessage message) {
    last.onNext(message);
  }

  private synchronized long highest() {
    return highest;
  }

  private synchronized Ack commit(List<Sample> batch) {
    for (Sample sample : batch) {
      received.add(sample.getSequence());
      if (sample.getSequence() > highest) {
        stored.add(sample);
        highest = sample.getSequence();
      }
    }
    return Ack.newBuilder().setHighestSequence(highest).build();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
