package io.proxywatch.collector;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proxywatch.collector.alerting.Alerting;
import io.proxywatch.collector.alerting.SilenceStore;
import io.proxywatch.collector.api.ApiVerticle;
import io.proxywatch.collector.api.WatchServices;
import io.proxywatch.collector.check.CheckQueries;
import io.proxywatch.collector.ingest.ConnectedAgents;
import io.proxywatch.collector.release.ReleaseQueries;
import io.proxywatch.collector.watch.WatchStore;
import io.proxywatch.collector.auth.Credentials;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.auth.ServerTls;
import io.proxywatch.collector.auth.TokenFiles;
import io.proxywatch.collector.auth.TokenStore;
import io.proxywatch.collector.ingest.AgentAuth;
import io.proxywatch.collector.divergence.DivergenceMonitor;
import io.proxywatch.collector.divergence.EvaluationMode;
import io.proxywatch.collector.divergence.GroundTruthPolicy;
import io.proxywatch.collector.verification.VerificationQueries;
import io.proxywatch.collector.divergence.DivergenceQueries;
import io.proxywatch.collector.health.Heartbeats;
import io.proxywatch.collector.health.Readiness;
import io.proxywatch.collector.leader.Leadership;
import io.proxywatch.collector.metrics.CollectorMetrics;
import io.proxywatch.collector.metrics.ProbeMetrics;
import io.proxywatch.collector.ingest.GrpcServer;
import io.proxywatch.collector.ingest.IngestService;
import io.proxywatch.collector.storage.AgentRegistry;
import io.proxywatch.collector.storage.Database;
import io.proxywatch.collector.storage.ReadQueries;
import io.proxywatch.collector.retention.RetentionJob;
import io.proxywatch.collector.storage.RollupJob;
import io.proxywatch.collector.storage.SampleWriter;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running collector: migrated schema, the single sample writer, gRPC ingest and the REST API. */
public final class Collector implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Collector.class);

  private final HikariDataSource pool;
  private final Watching watching;
  private final SampleWriter writer;
  private final RollupJob rollups;
  private final RetentionJob retention;
  private final ExecutorService blocking;
  private final GrpcServer grpc;
  private final Vertx vertx;
  private final ApiVerticle api;
  private final DivergenceMonitor divergence;
  private final Alerting alerting;
  private final Optional<ServerTls> tls;
  private final CollectorMetrics metrics;
  private final Readiness readiness;
  private final Operations ops;

  private Collector(HikariDataSource pool, SampleWriter writer, RollupJob rollups, RetentionJob retention,
                    ExecutorService blocking, GrpcServer grpc, Vertx vertx, ApiVerticle api, DivergenceMonitor divergence,
                    Alerting alerting, Optional<ServerTls> tls, CollectorMetrics metrics, Watching watching,
                    Readiness readiness, Operations ops) {
    this.watching = watching;
    this.pool = pool;
    this.writer = writer;
    this.rollups = rollups;
    this.retention = retention;
    this.blocking = blocking;
    this.grpc = grpc;
    this.vertx = vertx;
    this.api = api;
    this.divergence = divergence;
    this.alerting = alerting;
    this.tls = tls;
    this.metrics = metrics;
    this.readiness = readiness;
    this.ops = ops;
  }

  /** Migrates the database, then starts ingest and the API; fails if the database cannot be migrated. */
  public static Collector start(CollectorConfig config) throws Exception {
    return start(config, GroundTruthPolicy.defaults());
  }

  /** Starts a collector that judges checksum verifications and tree heads by {@code truth}. */
  public static Collector start(CollectorConfig config, GroundTruthPolicy truth) throws Exception {
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SecurityConfig security = config.security();
    // First, so unusable TLS files stop the start before anything else runs.
    Optional<ServerTls> tls = security.tls() ? Optional.of(ServerTls.start(security, meters)) : Optional.empty();
    HikariDataSource pool;
    try {
      pool = Database.pool(config.db(), "collector");
    } catch (RuntimeException e) {
      tls.ifPresent(ServerTls::close);
      throw e;
    }
    try {
      Database.migrate(pool);
      applyTokenFiles(config.security(), new TokenStore(pool));
      SampleWriter writer = new SampleWriter(pool, CollectorConfig.WRITER_LANES, config.writerQueueBatches(), config.maxSamplesPerTransaction(), meters);
      RollupJob rollups = RollupJob.start(pool);
      Leadership leadership = new Leadership(config.db());
      ConnectedAgents connected = new ConnectedAgents();
      Watching watching = Watching.start(config.watching(), pool, connected, leadership::isLeader, meters, clock,
          truth.gosumdb().toString());
      var freshness = watching.freshness(config.divergence().freshness());
      DivergenceQueries divergenceQueries = new DivergenceQueries(pool, config.divergence().freshness(), freshness, clock);
      Alerting alerting = Alerting.create(config.alerting(), config.publicUrl(), pool, meters, clock,
          leadership::isLeader, divergenceQueries::firing);
      DivergenceMonitor divergence = new DivergenceMonitor(pool, leadership, config.divergence(), freshness, truth,
          config.ops().clockSkewBound(), alerting.episodeEvents(), alerting::wake, clock, EvaluationMode.INCREMENTAL);
      writer.onCommit(divergence::committed);
      RetentionJob retention = RetentionJob.start(pool, config.retention(), leadership::isLeader);
      writer.onStored(new ProbeMetrics(meters));
      CollectorMetrics metrics = CollectorMetrics.start(meters, pool, leadership::isLeader);
      Heartbeats heartbeats = new Heartbeats(config.ops().stallBound(), System::nanoTime);
      writer.watchedBy(heartbeats);
      divergence.watchedBy(heartbeats);
      divergence.meteredBy(meters);
      alerting.notifier().watchedBy(heartbeats);
      ExecutorService blocking = Executors.newFixedThreadPool(4, named("proxywatch-ingest-db"));
      IngestService ingest = new IngestService(new AgentRegistry(pool), writer, blocking, clock, meters,
          watching.targets(), connected);
      Credentials credentials = security.tokensRequired() ? new Credentials(pool, security.refresh(), clock) : null;
      GrpcServer grpc = GrpcServer.start(config.bindHost(), config.grpcPort(), ingest,
          Optional.ofNullable(credentials).map(c -> new AgentAuth(c, meters)), tls, config.ops().maxConnectionAge(),
          config.ops().maxConnectionAgeGrace());
      ReadQueries reads = new ReadQueries(pool);
      Readiness readiness = new Readiness(reads::ping, grpc::serving);
      Vertx vertx = Vertx.vertx();
      ApiVerticle api = new ApiVerticle(new ApiVerticle.Services(reads,
          divergenceQueries, new TokenStore(pool), credentials, meters,
          clock, security, tls, new VerificationQueries(pool), new SilenceStore(pool, clock),
          new WatchServices(new WatchStore(pool), watching::changed, new ReleaseQueries(pool), watching.checks(),
              new CheckQueries(pool, clock)), heartbeats, readiness), config.bindHost(), config.httpPort());
      vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      logger.info("collector started: gRPC ingest on {}:{}, HTTP on {}:{}, database {}", config.bindHost(), grpc.port(),
          config.bindHost(), api.actualPort(), config.db().redactedUrl());
      return new Collector(pool, writer, rollups, retention, blocking, grpc, vertx, api, divergence, alerting, tls, metrics,
          watching, readiness, config.ops());
    } catch (Exception | Error e) {
      pool.close();
      tls.ifPresent(ServerTls::close);
      throw e;
    }
  }

  private static void applyTokenFiles(SecurityConfig security, TokenStore store) throws Exception {
    if (security.agentTokensFile().isPresent()) {
      Path file = security.agentTokensFile().get();
      TokenStore.Applied applied = TokenFiles.apply(file, TokenFiles.Kind.AGENTS, store);
      logger.info("enrolled {} agents from {}{}", applied.entries(), file,
          applied.revoked().isEmpty() ? "" : "; revoked agents no longer in it: " + String.join(", ", applied.revoked()));
    }
    if (security.apiTokensFile().isPresent()) {
      Path file = security.apiTokensFile().get();
      TokenStore.Applied applied = TokenFiles.apply(file, TokenFiles.Kind.API, store);
      logger.info("set {} API tokens from {}{}", applied.entries(), file,
          applied.revoked().isEmpty() ? "" : "; revoked API tokens no longer in it: " + String.join(", ", applied.revoked()));
    }
  }

  public int grpcPort() {
    return grpc.port();
  }

  public int httpPort() {
    return api.actualPort();
  }

  /** The HTTP routes served, as {@code "GET /api/v1/agents/:id"} ({@link ApiVerticle#operations()}). */
  public SortedSet<String> httpOperations() {
    return api.operations();
  }

  /**
   * Turns unready first (REST and gRPC health) and waits the drain delay, so load balancers stop sending; then stops
   * ingest, lets the writer commit what it holds, and closes the API and the pool.
   */
  @Override
  public void close() {
    readiness.drain();
    logger.info("shutting down: not ready, closing the ports in {}", ops.drainDelay());
    try {
      Thread.sleep(ops.drainDelay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    grpc.close();
    writer.close();
    rollups.close();
    retention.close();
    watching.close();
    divergence.close();
    alerting.close();
    metrics.close();
    blocking.shutdownNow();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      logger.warn("closing the HTTP API: {}", e.toString());
    }
    readiness.close();
    pool.close();
    tls.ifPresent(ServerTls::close);
    logger.info("collector stopped");
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
