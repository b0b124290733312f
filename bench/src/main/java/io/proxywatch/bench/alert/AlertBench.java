package io.proxywatch.bench.alert;

import com.google.protobuf.ByteString;
import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.Report;
import io.proxywatch.bench.Stats;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.alerting.AlertingConfig;
import io.proxywatch.collector.divergence.DivergencePolicy;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import io.proxywatch.proto.v1.Timings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2: four regions agree on a .mod hash, then one region sends two rounds of another hash; the
 * second is the deciding sample (immutable rounds = 2). Latency is measured from its Ack at the client
 * (after the commit, so a slight underestimate) and from samples.received_at (the start of the writing
 * transaction, before the commit, so a slight overestimate) to the webhook's arrival.
 */
public final class AlertBench {
  private static final String[] REGIONS = {"tokyo", "frankfurt", "sao-paulo", "los-angeles"};
  private final BenchEnv env;
  private final Report report;

  public AlertBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  public void run() throws Exception {
    int reps = env.integer("BENCH_ALERT_REPS", 60);
    BenchDb db = new BenchDb(env.dbUrl());
    db.fresh("bench_alert");
    DivergencePolicy policy = new DivergencePolicy(Duration.ofMinutes(10), 2, Duration.ofMinutes(30), Duration.ofMinutes(5),
        Duration.ofSeconds(1));
    List<Double> fromAck = new ArrayList<>();
    List<Double> fromReceived = new ArrayList<>();
    try (WebhookReceiver receiver = new WebhookReceiver();
         Collector collector = Collector.start(CollectorConfig.of(db.settings("bench_alert", 10), 0, 0).withDivergence(policy)
             .withAlerting(new AlertingConfig(List.of(receiver.uri()), "bench-secret", List.of(), List.of(),
                 AlertingConfig.Timings.DEFAULT)))) {
      List<CraftingAgent> agents = new ArrayList<>();
      for (String region : REGIONS) agents.add(new CraftingAgent("bench-alert-" + region, region, collector.grpcPort()));
      Thread.sleep(3_000); // the collector takes the leadership lock first
      try (Connection c = db.connect("bench_alert")) {
        for (int i = 0; i < reps; i++) {
          String module = "example.com/alert/m" + i;
          for (CraftingAgent agent : agents) agent.send(mod(module, 'a'));
          CraftingAgent outlier = agents.get(i % agents.size());
          outlier.send(mod(module, 'b'));
          awaitPending(c, module); // the first disagreeing round must be evaluated before the second counts
          long ackNanos = outlier.send(mod(module, 'b'));
          long ackWallMicros = System.currentTimeMillis() * 1000;
          long arrival = receiver.arrival(module).get(30, TimeUnit.SECONDS);
          double latencyFromAck = (arrival - ackNanos) / 1e6;
          fromAck.add(latencyFromAck);
          long receivedMicros = receivedAt(c, outlier.agentId, module);
          // arrival in wall-clock terms: the Ack's wall time plus the monotonic distance to the arrival
          fromReceived.add((ackWallMicros - receivedMicros) / 1e3 + latencyFromAck);
        }
      }
      for (CraftingAgent agent : agents) agent.close();
    }
    Stats ack = Stats.of(fromAck);
    Stats received = Stats.of(fromReceived);
    report.figure("alert.latency_from_ack.p50", ack.median(), "ms");
    report.figure("alert.latency_from_ack.p99", ack.percentile(99), "ms (" + ack.count() + " alerts, max " + Report.format(ack.max()) + ")");
    report.figure("alert.latency_from_received_at.p50", received.median(), "ms");
    report.figure("alert.latency_from_received_at.p99", received.percentile(99), "ms (target p99 <= 1000 ms beyond the 2-round grace)");
  }

  private static Sample.Builder mod(String module, char hash) {
    byte[] sha = new byte[32];
    java.util.Arrays.fill(sha, (byte) hash);
    long now = System.currentTimeMillis() * 1000;
    return Sample.newBuilder().setTarget(Target.newBuilder().setModule(module).setVersion("v1.0.0")
            .setEndpoint(EndpointKind.ENDPOINT_KIND_MOD).setUrl("https://proxy.example/" + module + "/@v/v1.0.0.mod"))
        .setScheduledUnixMicros(now).setStartedUnixMicros(now).setMethod("GET").setHttpStatus(200)
        .setTimings(Timings.newBuilder().setDnsMicros(100).setConnectMicros(300).setTlsMicros(900).setTtfbMicros(5_000)
            .setTotalMicros(5_200))
        .setContentSha256(ByteString.copyFrom(sha)).setBodyBytes(40);
  }

  private static void awaitPending(Connection c, String module) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM divergence_episodes WHERE module = ? AND state = 'pending'")) {
      s.setString(1, module);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) return;
        }
        Thread.sleep(5);
      }
    }
    throw new IllegalStateException("no pending episode for " + module + " within 30 s");
  }

  private static long receivedAt(Connection c, String agentId, String module) throws Exception {
    try (PreparedStatement s = c.prepareStatement("SELECT received_at FROM samples WHERE agent_id = ? AND module = ?"
        + " ORDER BY sequence DESC LIMIT 1")) {
      s.setString(1, agentId);
      s.setString(2, module);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        var t = rs.getTimestamp(1).toInstant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
      }
    }
  }
}
