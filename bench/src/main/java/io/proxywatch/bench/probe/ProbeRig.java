package io.proxywatch.bench.probe;

import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.bench.BenchDb;
import io.proxywatch.bench.BenchEnv;
import io.proxywatch.collector.Collector;
import io.proxywatch.collector.CollectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the agent benchmarks share: TLS material, the delayed HTTPS server, a collector on a fresh database. */
final class ProbeRig implements AutoCloseable {
  final Path dir;
  final TestCertificates tls;
  final DelayedHttpsServer server;
  final Collector collector;
  final ProbeResults results;
  final long delayNanos;

  ProbeRig(BenchEnv env, String database, long delayNanos) throws Exception {
    this.dir = Files.createTempDirectory("proxywatch-bench-");
    this.delayNanos = delayNanos;
    this.tls = TestCertificates.generate(dir);
    this.server = new DelayedHttpsServer(tls, delayNanos);
    BenchDb db = new BenchDb(env.dbUrl());
    db.fresh(database);
    this.collector = Collector.start(CollectorConfig.of(db.settings(database, 4), 0, 0));
    this.results = new ProbeResults(db, database);
  }

  String url() {
    return server.base() + "/example.com/bench/mod0/@v/v1.0.0.mod";
  }

  @Override
  public void close() throws IOException {
    collector.close();
    server.close();
  }
}
