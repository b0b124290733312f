package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxywatch.agent.Agent;
import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.FaultyTcpProxy;
import io.proxywatch.testkit.FaultyTcpProxy.Fault;
import io.proxywatch.testkit.Ports;
import io.proxywatch.testkit.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults with real processes while four agents stream: the collector killed with SIGKILL, the database
 * stopped, the agent-collector link cut. Afterwards every agent's sequences are stored exactly once, from 1,
 * with no gap, checked with SQL. Outage lengths: PROXYWATCH_FAULT_DB_SECONDS (20: the collector refuses agents
 * at least twice, its refusal backoff being 5 s then 10 s) and PROXYWATCH_FAULT_LINK_SECONDS (30: each agent's
 * reconnect backoff reaches its 10 s cap); longer outages only add samples to the same replay.
 */
class ITFaults {
  static final Duration DB_OUTAGE = seconds("PROXYWATCH_FAULT_DB_SECONDS", 20);
  static final Duration LINK_CUT = seconds("PROXYWATCH_FAULT_LINK_SECONDS", 30);

  @Test
  void collectorKilledWithSigkill_threeTimes_losesAndDuplicatesNothing() throws Exception {
    DbSettings db = TestDatabase.fresh();
    int grpc = Ports.free();
    int http = Ports.free();
    Path log = Files.createTempFile("proxywatch-collector-", ".log");
    try (Cdn cdn = Cdn.start(Map.of())) {
      CollectorProcess collector = CollectorProcess.start(db, grpc, http, log);
      try (Fleet fleet = Fleet.start(cdn, grpc, Duration.ofMillis(500))) {
        for (int kill = 0; kill < 3; kill++) {
          long before = Ledger.stored(db);
          await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.stored(db) > before + 300);
          collector.kill9();
          await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
          collector = CollectorProcess.start(db, grpc, http, log);
        }
        drained(fleet, db);
        report("collector-kill9", fleet, db);
      } finally {
        collector.close();
      }
    }
  }

  @Test
  void databaseStopped_agentsAreHeldBack_andEverythingLandsAfterwards() throws Exception {
    SecondDatabase second = new SecondDatabase(55433);
    try {
      DbSettings db = second.start();
      try (Cdn cdn = Cdn.start(Map.of()); Collector collector = Collector.start(CollectorConfig.of(db, 0, 0));
           Fleet fleet = Fleet.start(cdn, collector.grpcPort(), Duration.ofMillis(500))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.stored(db) > 300);
        second.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(collector.httpPort(), "/readyz") == 503);
        long probesBefore = probes(fleet);
        await().pollDelay(DB_OUTAGE).atMost(DB_OUTAGE.plusSeconds(5)).until(() -> true);
        assertThat(probes(fleet)).as("agents keep probing through the outage").isGreaterThan(probesBefore + 100);
        assertThat(fleet.unacked()).as("samples wait in the agents").isGreaterThan(100);
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(collector.httpPort(), "/readyz") == 200);
        drained(fleet, db);
        report("database-stopped-" + DB_OUTAGE.toSeconds() + "s", fleet, db);
      }
    } finally {
      second.dropAndStop();
    }
  }

  @Test
  void linkCut_agentsSpoolAndReplayInOrder() throws Exception {
    DbSettings db = TestDatabase.fresh();
    try (Cdn cdn = Cdn.start(Map.of()); Collector collector = Collector.start(CollectorConfig.of(db, 0, 0));
         FaultyTcpProxy link = new FaultyTcpProxy(collector.grpcPort(), 0, Fault.clean());
         Fleet fleet = Fleet.start(cdn, link.port(), Duration.ofMillis(500))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.stored(db) > 300);
      link.cut();
      long storedAtCut = Ledger.stored(db);
      await().pollDelay(LINK_CUT).atMost(LINK_CUT.plusSeconds(5)).until(() -> true);
      assertThat(Ledger.stored(db)).as("nothing arrives while the link is cut").isLessThan(storedAtCut + 200);
      link.restore();
      drained(fleet, db);
      report("link-cut-" + LINK_CUT.toSeconds() + "s", fleet, db);
    }
  }

  @Test
  @SuppressWarnings("try") // the last agent only has to run
  void agentKilledWithSigkill_andRestarted_resumesFromItsSpool() throws Exception {
    DbSettings db = TestDatabase.fresh();
    Path state = Files.createTempDirectory("proxywatch-agent-state-");
    Path log = Files.createTempFile("proxywatch-agent-", ".log");
    try (Cdn cdn = Cdn.start(Map.of()); Collector collector = Collector.start(CollectorConfig.of(db, 0, 0))) {
      List<String> command = ChildProcess.java(List.of("-Xmx128m"), "io.proxywatch.agent.cli.AgentMain", List.of(
          "--region", "tokyo", "--agent-id", "killed-tokyo", "--collector", "127.0.0.1:" + collector.grpcPort(),
          "--goproxy", cdn.url("tokyo"), "--modules-file", cdn.tree().resolve("modules.txt").toString(),
          "--interval", "1s", "--timeout", "5s", "--state-dir", state.toString()));
      for (int kill = 0; kill < 3; kill++) {
        try (ChildProcess agent = ChildProcess.start(command, log)) {
          long before = Ledger.stored(db);
          await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.stored(db) > before + 100);
          agent.kill9();
        }
      }
      try (ChildProcess agent = ChildProcess.start(command, log)) {
        long before = Ledger.stored(db);
        await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.stored(db) > before + 100);
        long stored = Ledger.assertEverySequenceOnce(db, 1);
        System.out.printf("fault agent-kill9 (3 kills): stored %d, duplicates 0, gaps 0%n", stored);
      }
    }
  }

  /** Waits until the agents hold (almost) nothing unacknowledged, then checks the ledger. */
  private static void drained(Fleet fleet, DbSettings db) throws Exception {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> fleet.unacked() < 200);
    Ledger.assertEverySequenceOnce(db, 4);
    fleet.agents.forEach(a -> assertThat(a.counters().samplesDropped()).isZero());
  }

  private static void report(String scenario, Fleet fleet, DbSettings db) throws Exception {
    long sent = fleet.agents.stream().mapToLong(a -> a.counters().samplesSent()).sum();
    long stored = Ledger.assertEverySequenceOnce(db, 4);
    System.out.printf("fault %s: samples sent (with replays) %d, stored %d, duplicates 0, gaps 0%n", scenario, sent, stored);
  }

  private static long probes(Fleet fleet) {
    return fleet.agents.stream().map(Agent::counters).mapToLong(c -> c.probesDone()).sum();
  }

  private static int status(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }


  private static Duration seconds(String variable, long defaultSeconds) {
    return Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault(variable, String.valueOf(defaultSeconds))));
  }

  /** A TimescaleDB of this test's own (scripts/timescaledb.sh on another port), so stopping it hurts no one else. */
  static final class SecondDatabase {
    private final int port;
    private String database;

    SecondDatabase(int port) {
      this.port = port;
    }

    DbSettings start() throws Exception {
      String admin = script("start");
      if (database == null) {
        database = "pw_fault_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + database);
        }
      }
      return new DbSettings(TestDatabases.withDatabase(admin, database), "", "", 8);
    }

    void stop() {
      script("stop");
    }

    /** Leaves nothing behind: the database dropped (the server started again for that if need be), the server stopped. */
    void dropAndStop() throws Exception {
      try {
        if (database != null) TestDatabases.drop(script("start"), database);
      } finally {
        stop();
      }
    }

    /** PROXYWATCH_DB_URL set to "" makes the script manage its own instance, as when it is unset. */
    private String script(String command) {
      return TestDatabases.script(command, Map.of("PROXYWATCH_PG_PORT", String.valueOf(port), "PROXYWATCH_DB_URL", ""));
    }
  }
}
