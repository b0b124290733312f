package io.proxywatch.agent.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.proxywatch.proto.v1.Ack;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.IngestGrpc;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Welcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A collector as the contract describes it, in memory: Welcome with the highest stored sequence, store a
 * sample only if it is above that, Ack after each batch. Its "database" outlives server restarts. Switches
 * let a test lose acks (stored, not acked) or lose batches (neither stored nor acked), as a crash would.
 */
final class FakeCollector extends IngestGrpc.IngestImplBase {
  final List<Long> stored = new CopyOnWriteArrayList<>();
  final List<Long> received = new CopyOnWriteArrayList<>();
  final List<String> hellos = new CopyOnWriteArrayList<>();
  volatile boolean ack = true;
  volatile boolean store = true;
  volatile boolean manualFlow;
  volatile ServerCallStreamObserver<CollectorMessage> lastCall;
  private long highest;

  synchronized void preload(long upTo) {
    for (long s = highest + 1; s <= upTo; s++) stored.add(s);
    highest = Math.max(highest, upTo);
  }

  synchronized long highest() {
    return highest;
  }

  @Override
  public StreamObserver<AgentMessage> stream(StreamObserver<CollectorMessage> responses) {
    ServerCallStreamObserver<CollectorMessage> call = (ServerCallStreamObserver<CollectorMessage>) responses;
    lastCall = call;
    if (manualFlow) {
      call.disableAutoRequest();
      call.request(1); // the Hello only
    }
    return new StreamObserver<>() {
      @Override
      public void onNext(AgentMessage message) {
        if (message.hasHello()) {
          hellos.add(message.getHello().getAgentId());
          responses.onNext(CollectorMessage.newBuilder()
              .setWelcome(Welcome.newBuilder().setHighestSequence(highest())).build());
        } else if (store) {
          Ack ack = commit(message.getBatch().getSamplesList());
          if (FakeCollector.this.ack) responses.onNext(CollectorMessage.newBuilder().setAck(ack).build());
        } else {
          message.getBatch().getSamplesList().forEach(s -> received.add(s.getSequence()));
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

  private synchronized Ack commit(List<Sample> batch) {
    List<Long> fresh = new ArrayList<>();
    for (Sample sample : batch) {
      received.add(sample.getSequence());
      if (sample.getSequence() > highest) {
        fresh.add(sample.getSequence());
        highest = sample.getSequence();
      }
    }
    stored.addAll(fresh);
    return Ack.newBuilder().setHighestSequence(highest).build();
  }
}
