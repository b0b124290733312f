package io.proxywatch.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.proxywatch.agent.spool.DiskSpool;
import io.proxywatch.agent.spool.Outbox;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorClientTest {
  @TempDir
  Path dir;
  final FakeCollector collector = new FakeCollector();
  final String name = InProcessServerBuilder.generateName();
  Server server;
  ManagedChannel channel;
  Outbox outbox;
  CollectorClient client;

  @BeforeEach
  void setUp() throws IOException {
    server = startServer();
    channel = InProcessChannelBuilder.forName(name).build();
    outbox = DiskSpool.open(dir, 256L << 20);
    client = new CollectorClient(channel, "in-process", null, outbox,
        () -> Hello.newBuilder().setAgentId("a1").setRegion("tokyo").build(), TargetUpdates.NONE,
        RandomGenerator.getDefault());
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.shutdownNow();
    outbox.close();
  }

  @Test
  void samplesArriveInOrder_andAreReleasedOnAck() {
    client.start();
    add(1200);

    await().atMost(Duration.ofSeconds(10)).until(() -> collector.stored.size() == 1200);
    assertThat(collector.stored).containsExactlyElementsOf(range(1, 1200));
    assertThat(collector.received).isSorted().doesNotHaveDuplicates();
    await().until(() -> outbox.size() == 0);
    assertThat(client.samplesAcked()).isEqualTo(1200);
    assertThat(client.samplesSent()).isEqualTo(1200);
  }

  @Test
  void aSampleLeavesPromptlyWhenTheLinkIsHealthy() {
    client.start();
    await().until(() -> collector.hellos.size() == 1);
    add(1);

    await().atMost(Duration.ofMillis(500)).until(() -> collector.stored.contains(1L));
  }

  @Test
  void collectorRestartMidStream_replaysUnackedSamples_andStoresEachOnce() throws IOException {
    client.start();
    add(100);
    await().until(() -> collector.stored.size() == 100);

    collector.ack = false; // stored, but the acks are lost
    add(50);
    await().until(() -> collector.stored.contains(150L));
    collector.store = false; // lost in flight: neither stored nor acked
    add(50);
    await().until(() -> collector.received.contains(200L));
    server.shutdownNow();
    add(50); // produced while the collector is down
    collector.ack = true;
    collector.store = true;
    server = startServer();

    await().atMost(Duration.ofSeconds(15)).until(() -> collector.stored.size() == 250);
    assertThat(collector.stored).containsExactlyElementsOf(range(1, 250));
    assertThat(collector.hellos).hasSizeGreaterThanOrEqualTo(2);
    await().until(() -> outbox.size() == 0);
  }

  @Test
  void welcome_releasesWhatTheCollectorAlreadyHolds_andSendsTheRest() {
    add(10);
    collector.preload(6);
    client.start();

    await().until(() -> collector.stored.size() == 10);
    assertThat(collector.received).containsExactly(7L, 8L, 9L, 10L);
    await().until(() -> client.samplesAcked() == 10);
  }

  @Test
  void welcomeAboveTheLocalCounter_movesNewSequencesAboveIt() {
    add(3);
    collector.preload(500); // e.g. the state directory was lost
    client.start();
    await().until(() -> outbox.size() == 0);

    assertThat(outbox.add(Sample.newBuilder()).getSequence()).isEqualTo(501);
    await().until(() -> collector.stored.contains(501L));
  }

  @Test
  void flowControl_sendsOnlyAsMuchAsTheCollectorRequests() {
    collector.manualFlow = true;
    client.start();
    await().until(() -> collector.hellos.size() == 1);
    add(1200);

    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> collector.received.isEmpty());
    collector.lastCall.request(1);
    await().until(() -> collector.stored.size() == CollectorStream.MAX_BATCH);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> collector.stored.size() == CollectorStream.MAX_BATCH);
    collector.lastCall.request(2);
    await().until(() -> collector.stored.size() == 1200);
  }

  private Server startServer() throws IOException {
    return InProcessServerBuilder.forName(name).addService(collector).build().start();
  }

  private void add(int n) {
    for (int i = 0; i < n; i++) outbox.add(Sample.newBuilder().setAgentId("a1").setRegion("tokyo"));
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
