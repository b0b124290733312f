package io.proxywatch.collector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.proxywatch.collector.Cdn;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.collector.TestDatabase;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.auth.TokenStore;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.DbSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real agents with enrolled tokens over TLS; one presenting another region's token is kept out, and keeps its samples. */
class ITSecureFleet {

  @Test
  void enrolledAgentsOverTls_areStored_andAMisenrolledOneIsRefused() throws Exception {
    DbSettings db = TestDatabase.fresh();
    Map<String, String> tokens = new HashMap<>();
    try (HikariDataSource pool = Database.pool(db, "enrol")) {
      Database.migrate(pool);
      TokenStore store = new TokenStore(pool);
      for (String region : Cdn.REGIONS) tokens.put(region, store.addAgent("e2e-" + region, region));
    }
    Path dir = Files.createTempDirectory("proxywatch-secure-");
    TestCertificates certs = TestCertificates.generate(dir, "collector");
    CollectorConfig config = CollectorConfig.of(db, 0, 0).withSecurity(SecurityConfig.open().requiringTokens()
        .withTls(certs.pem(), certs.keyPem(), Optional.empty()));
    try (Cdn cdn = Cdn.start(Map.of()); Collector collector = Collector.start(config);
         Fleet fleet = Fleet.start(cdn, collector.grpcPort(), Duration.ofSeconds(1), (region, agent) -> agent
             .collectorCa(certs.pem())
             .token(tokens.get(region.equals("los-angeles") ? "tokyo" : region)))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> regionsStored(db).size() == 3);
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      assertThat(regionsStored(db)).containsOnlyKeys("tokyo", "frankfurt", "sao-paulo");
      Fleet.Member refused = fleet.member("los-angeles");
      assertThat(refused.agent().counters().probesDone()).as("the refused agent keeps probing").isPositive();
      assertThat(refused.agent().counters().outboxSize()).as("and keeps its samples for later").isPositive();
    }
  }

  private static Map<String, Long> regionsStored(DbSettings db) throws Exception {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT region, count(*) FROM samples GROUP BY region")) {
      while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
    }
    return counts;
  }
}
