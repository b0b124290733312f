package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.Operations;
import io.proxywatch.collector.TestAgentClient;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.TestSamples;
import io.proxywatch.collector.storage.DbSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /healthz, /readyz and grpc.health.v1 against a real collector and a TimescaleDB that is stopped and started. */
class ITHealth {
  private static final Duration BOUND = Duration.ofSeconds(3);

  @Test
  void writerBlockedByAStoppedDatabase_failsHealthzAfterTheBound_andRecovers() throws Exception {
    ITFaults.SecondDatabase second = new ITFaults.SecondDatabase(55461);
    try {
      DbSettings db = second.start();
      Operations ops = Operations.immediate().withStallBound(BOUND);
      try (Collector collector = Collector.start(CollectorConfig.of(db, 0, 0).withOps(ops));
           TestAgentClient agent = new TestAgentClient(collector.grpcPort())) {
        agent.hello("health-1", "tokyo").next();
        second.stop();
        await().atMost(Duration.ofSeconds(60)).until(() -> get(collector, "/readyz").statusCode() == 503);
        await().pollDelay(BOUND.plusSeconds(1)).atMost(BOUND.plusSeconds(2)).until(() -> true);
        assertThat(get(collector, "/healthz").statusCode()).as("idle, even without a database, is healthy").isEqualTo(200);

        agent.batch(TestSamples.range("health-1", "tokyo", 1, 10));
        await().atMost(BOUND.plusSeconds(10)).until(() -> get(collector, "/healthz").statusCode() == 503);
        assertThat(get(collector, "/healthz").body()).contains("\"loop\":\"sample-writer\"");

        second.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> get(collector, "/healthz").statusCode() == 200);
        assertThat(agent.next().getAck().getHighestSequence()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(60)).until(() -> get(collector, "/readyz").statusCode() == 200);
      }
    } finally {
      second.dropAndStop();
    }
  }

  @Test
  void shutdown_turnsUnreadyOverRestAndGrpc_beforeThePortsClose() throws Exception {
    Operations ops = Operations.defaults().withDrainDelay(Duration.ofSeconds(3));
    Collector collector = Collector.start(CollectorConfig.of(TestDatabase.fresh(), 0, 0).withOps(ops));
    CompletableFuture<Void> closing = null;
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", collector.grpcPort()).usePlaintext().build();
    try {
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(60)).until(() -> grpcHealth(health) == ServingStatus.SERVING);
      assertThat(get(collector, "/readyz").statusCode()).isEqualTo(200);
      assertThat(reflectedServices(channel)).contains("proxywatch.v1.Ingest", "grpc.health.v1.Health");

      closing = CompletableFuture.runAsync(collector::close);
      await().atMost(Duration.ofSeconds(2)).until(() -> get(collector, "/readyz").statusCode() == 503);
      assertThat(get(collector, "/readyz").body()).contains("shutting down");
      assertThat(grpcHealth(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)))
          .isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(closing).as("the ports stay open through the drain delay").isNotDone();
      closing.get(30, TimeUnit.SECONDS);
      assertThat(reachable(collector)).isFalse();
    } finally {
      channel.shutdownNow();
      if (closing == null) collector.close();
    }
  }

  @Test
  void agentsConnections_endAfterTheMaxConnectionAge() throws Exception {
    Operations ops = new Operations(BOUND, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Operations.defaults().clockSkewBound());
    try (Collector collector = Collector.start(CollectorConfig.of(TestDatabase.fresh(), 0, 0).withOps(ops));
         TestAgentClient agent = new TestAgentClient(collector.grpcPort())) {
      agent.hello("aged-1", "tokyo").next();
      assertThat(agent.closedWith().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
    }
  }

  private static ServingStatus grpcHealth(HealthGrpc.HealthBlockingStub health) {
    return health.check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  private static List<String> reflectedServices(ManagedChannel channel) throws Exception {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            names.complete(response.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList());
          }

          @Override
          public void onError(Throwable t) {
            names.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
          }
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    return names.get(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> get(Collector collector, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.httpPort() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean reachable(Collector collector) {
    try {
      get(collector, "/healthz");
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
