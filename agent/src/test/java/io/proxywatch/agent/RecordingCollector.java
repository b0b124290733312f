package io.proxywatch.agent;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
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

/** A real gRPC server on 127.0.0.1:0 that stores samples above the highest one it has, and acks. */
final class RecordingCollector extends IngestGrpc.IngestImplBase implements AutoCloseable {
  final List<Sample> stored = new CopyOnWriteArrayList<>();
  final List<Hello> hellos = new CopyOnWriteArrayList<>();
  private final Server server;
  private long highest;

  RecordingCollector() throws IOException {
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(this).build().start();
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
          responses.onNext(CollectorMessage.newBuilder()
              .setWelcome(Welcome.newBuilder().setHighestSequence(highest())).build());
        } else {
          responses.onNext(CollectorMessage.newBuilder().setAck(commit(message.getBatch().getSamplesList())).build());
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

  private synchronized long highest() {
    return highest;
  }

  private synchronized Ack commit(List<Sample> batch) {
    for (Sample sample : batch) {
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
