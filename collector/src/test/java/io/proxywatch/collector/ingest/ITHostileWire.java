package io.proxywatch.collector.ingest;

import static io.proxywatch.collector.TestSamples.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.proto.v1.AgentMessage;
import io.proxywatch.proto.v1.CollectorMessage;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.IngestGrpc;
import io.proxywatch.proto.v1.SampleBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bytes that are not valid agent messages, sent on the real wire: counted and skipped; the stream goes on. */
class ITHostileWire {
  static Collector collector;

  @BeforeAll
  static void start() throws Exception {
    collector = Collector.start(CollectorConfig.of(TestDatabase.fresh(), 0, 0));
  }

  @AfterAll
  static void stop() {
    if (collector != null) collector.close();
  }

  static byte[] hello(String agentId) {
    return AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(agentId).setRegion("tokyo")
        .setAgentTimeUnixMicros(System.currentTimeMillis() * 1000)).build().toByteArray();
  }

  /** The hostile messages, each a case. */
  static List<byte[]> hostile() {
    byte[] garbage = new byte[2048];
    new Random(42).nextBytes(garbage);
    byte[] hello = hello("wire");
    byte[] notUtf8AgentId = {0x0A, 0x04, 0x0A, 0x02, (byte) 0xC3, 0x28};
    byte[] badWireType = {0x0F, 0x01, 0x02};
    byte[] sample = AgentMessage.newBuilder().setBatch(SampleBatch.newBuilder()
        .addAllSamples(range("wire", "tokyo", 1, 1))).build().toByteArray();
    byte[] notUtf8Etag = sample.clone();
    int quote = indexOf(notUtf8Etag, "\"abc\"".getBytes());
    notUtf8Etag[quote + 1] = (byte) 0xFF;
    byte[] hugeLength = {0x12, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
    return List.of(garbage, Arrays.copyOf(hello, hello.length / 2), notUtf8AgentId, badWireType, notUtf8Etag,
        hugeLength, new byte[0]);
  }

  @Test
  void unreadableMessages_areSkipped_andTheSameStreamThenWorks() throws Exception {
    try (RawStream stream = new RawStream(collector.grpcPort())) {
      for (byte[] message : hostile()) stream.send(message);
      stream.send(hello("wire"));
      assertThat(stream.next().hasWelcome()).isTrue();
      stream.send(AgentMessage.newBuilder().setBatch(SampleBatch.newBuilder().addAllSamples(range("wire", "tokyo", 1, 5)))
          .build().toByteArray());
      assertThat(stream.next().getAck().getHighestSequence()).isEqualTo(5);
      assertThat(stream.status.peek()).isNull();
    }
    System.out.printf("hostile-wire: %d unreadable messages skipped on one stream%n", hostile().size());
  }

  @Test
  void anOversizedMessage_endsOnlyItsStream() throws Exception {
    try (RawStream stream = new RawStream(collector.grpcPort())) {
      stream.send(new byte[9 * 1024 * 1024]);
      assertThat(stream.status.poll(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }
    try (RawStream stream = new RawStream(collector.grpcPort())) {
      stream.send(hello("after-oversize"));
      assertThat(stream.next().hasWelcome()).isTrue();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) return i;
    }
    throw new AssertionError("not found");
  }

  /** A bidirectional ingest call that sends raw bytes, bypassing the generated code's checks. */
  static final class RawStream implements AutoCloseable {
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };

    final ManagedChannel channel;
    final ClientCall<byte[], byte[]> call;
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Status> status = new LinkedBlockingQueue<>();

    RawStream(int port) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(16 << 20).build();
      MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(IngestGrpc.getStreamMethod().getFullMethodName())
          .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
      call = channel.newCall(raw, CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          received.add(message);
        }

        @Override
        public void onClose(Status s, Metadata trailers) {
          status.add(s);
        }
      }, new Metadata());
      call.request(1000);
    }

    void send(byte[] message) {
      call.sendMessage(message);
    }

    CollectorMessage next() throws Exception {
      byte[] message = received.poll(10, TimeUnit.SECONDS);
      if (message == null) throw new AssertionError("no answer within 10 s; status " + status.peek());
      return CollectorMessage.parseFrom(message);
    }

    @Override
    public void close() {
      call.cancel("test done", null);
      try {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
