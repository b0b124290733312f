package io.proxywatch.collector.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.proxywatch.collector.alerting.SilenceStore;
import io.proxywatch.collector.auth.Credentials;
import io.proxywatch.collector.auth.SecurityConfig;
import io.proxywatch.collector.auth.ServerTls;
import io.proxywatch.collector.auth.TokenStore;
import io.proxywatch.collector.console.Console;
import io.proxywatch.collector.divergence.ConsistencyReport;
import io.proxywatch.collector.divergence.DivergenceQueries;
import io.proxywatch.collector.health.Heartbeats;
import io.proxywatch.collector.health.Readiness;
import io.proxywatch.collector.storage.ReadQueries;
import io.proxywatch.collector.verification.VerificationQueries;
import io.proxywatch.collector.storage.SampleCursor;
import io.proxywatch.collector.storage.SampleQuery;
import io.proxywatch.collector.storage.StatsQuery;
import io.proxywatch.common.Identifiers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST API: one small handler per route; every query runs on the named worker pool, never on the event loop. */
public final class ApiVerticle extends VerticleBase {
  private static final Logger logger = LoggerFactory.getLogger(ApiVerticle.class);
  private static final Set<String> SAMPLE_PARAMS = Set.of("region", "module", "endpoint", "url", "from", "to", "limit", "cursor");
  private static final Set<String> STATS_PARAMS = Set.of("region", "module", "endpoint", "from", "to", "bucket");
  private static final Set<String> CONSISTENCY_PARAMS = Set.of("module", "endpoint", "diverging", "limit", "cursor");
  private static final Set<String> DIVERGENCE_PARAMS = Set.of("state", "module", "since", "limit", "cursor");
  private static final Set<String> VERIFICATION_PARAMS = Set.of("module", "version", "region");
  /** Targets per consistency page by default, and at most: 200 targets x 8 regions is ~0.6 MB of JSON. */
  static final int CONSISTENCY_PAGE = 200;
  static final int CONSISTENCY_MAX_PAGE = 1000;
  private static final Duration MIN_BUCKET = Duration.ofSeconds(1);
  private static final long MAX_BUCKETS = 10_000;

  private static final int MAX_BODY_BYTES = 16 * 1024;

  /** What the handlers use; credentials is null when tokens are not required; tls is empty for plain HTTP. */
  public record Services(ReadQueries queries, DivergenceQueries divergences, TokenStore tokens, Credentials credentials,
                         PrometheusMeterRegistry meters, Clock clock, SecurityConfig security, Optional<ServerTls> tls,
                         VerificationQueries verifications, SilenceStore silences, WatchServices watching,
                         Heartbeats heartbeats, Readiness readiness) {
    public Services {
      Objects.requireNonNull(silences, "silences");
      Objects.requireNonNull(watching, "watching");
      Objects.requireNonNull(queries, "queries");
      Objects.requireNonNull(divergences, "divergences");
      Objects.requireNonNull(tokens, "tokens");
      Objects.requireNonNull(meters, "meters");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(verifications, "verifications");
      Objects.requireNonNull(heartbeats, "heartbeats");
      Objects.requireNonNull(readiness, "readiness");
    }
  }

  private final ReadQueries queries;
  private final DivergenceQueries divergences;
  private final Services services;
  private final Clock clock;
  private final String host;
  private final int port;
  private WorkerExecutor db;
  private HttpServer server;
  private Router router;

  public ApiVerticle(Services services, String host, int port) {
    this.services = services;
    this.queries = services.queries();
    this.divergences = services.divergences();
    this.clock = services.clock();
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    db = vertx.createSharedWorkerExecutor("proxywatch-api-db", 8);
    router = Router.router(vertx);
    router.get("/healthz").handler(this::healthz);
    router.get("/readyz").handler(this::readyz);
    router.get("/metrics").handler(this::metrics);
    Console.mount(router); // public files: before the token check
    ApiAuth auth = new ApiAuth(services.credentials(), new RateLimiter(services.security().ratePerSecond(), System::nanoTime));
    router.route("/api/*").handler(auth::check);
    router.post("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.put("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.post("/api/v1/agents").handler(this::enrolAgent);
    router.delete("/api/v1/agents/:id").handler(this::revokeAgent);
    router.get("/api/v1/agents").handler(this::agents);
    router.get("/api/v1/samples").handler(this::samples);
    router.get("/api/v1/stats").handler(this::stats);
    router.get("/api/v1/consistency").handler(this::consistency);
    router.get("/api/v1/divergences").handler(this::divergences);
    router.get("/api/v1/divergences/:id").handler(this::divergence);
    router.get("/api/v1/verification").handler(this::verification);
    router.get("/api/v1/sumdb/heads").handler(this::sumdbHeads);
    new SilenceHandlers(services.silences(), db, clock).register(router);
    new WatchHandlers(services.watching(), db, clock).register(router);
    router.route().last().handler(ctx -> Responses.error(ctx, 404, "not found", ctx.request().path()));
    router.route().failureHandler(Responses::failure);
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024).setMaxFormAttributeSize(MAX_BODY_BYTES);
    // The key manager is asked at every handshake, so a certificate ServerTls reloads applies to new connections.
    services.tls().ifPresent(tls -> options.setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(tls.keyManager())));
    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return db == null ? Future.succeededFuture() : db.close();
  }

  public int actualPort() {
    return server.actualPort();
  }

  /**
   * What the router answers, as {@code "GET /api/v1/agents/:id"}: each method of each route with a fixed path (the
   * handlers on a prefix, such as the token check, are left out). The contract test compares openapi.json with it.
   */
  public SortedSet<String> operations() {
    SortedSet<String> operations = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || !route.isExactPath() || route.methods() == null) continue;
      route.methods().forEach(method -> operations.add(method.name() + " " + route.getPath()));
    }
    return operations;
  }

  /** 503 naming every background loop that has made no progress for longer than the stall bound. */
  private void healthz(RoutingContext ctx) {
    List<Heartbeats.Stuck> stuck = services.heartbeats().stuck();
    if (stuck.isEmpty()) {
      Responses.json(ctx, 200, new JsonObject().put("status", "ok"));
      return;
    }
    JsonArray loops = new JsonArray();
    stuck.forEach(s -> loops.add(new JsonObject().put("loop", s.loop()).put("silent_seconds", s.silentFor().toSeconds())));
    Responses.json(ctx, 503, new JsonObject().put("status", "stuck").put("stuck", loops)
        .put("stall_bound_seconds", services.heartbeats().bound().toSeconds()));
  }

  /** The readiness checked in the background: answers at once, even while the database hangs. */
  private void readyz(RoutingContext ctx) {
    Readiness readiness = services.readiness();
    String status = readiness.ready() ? "ready" : readiness.draining() ? "shutting down" : "database unavailable";
    Responses.json(ctx, readiness.ready() ? 200 : 503, new JsonObject().put("status", status));
  }

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(services.meters().scrape());
  }

  private void agents(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    query(ctx, () -> StorageJson.agents(queries.agents(), queries.agentStats()));
  }

  private void samples(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, SAMPLE_PARAMS, clock);
    Optional<SampleCursor> cursor = params.raw("cursor").map(c -> SampleCursor.decode(c)
        .orElseThrow(() -> QueryParams.invalid("cursor", "a next_cursor value from an earlier page", c)));
    SampleQuery query = new SampleQuery(params.region(), params.text("module", 512), params.endpoint(),
        params.text("url", 4096), params.time("from"), params.time("to"), params.integer("limit", 100, 1, 1000), cursor);
    query(ctx, () -> StorageJson.samples(queries.samples(query)));
  }

  private void stats(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, STATS_PARAMS, clock);
    Instant to = params.time("to").orElse(clock.instant());
    Instant from = params.time("from").orElse(to.minus(Duration.ofHours(1)));
    Duration bucket = params.duration("bucket").orElse(Duration.ofMinutes(1));
    checkWindow(from, to, bucket, params.raw("bucket"));
    StatsQuery query = new StatsQuery(params.region(), params.text("module", 512), params.endpoint(), from, to, bucket);
    query(ctx, () -> StorageJson.stats(queries.stats(query)));
  }

  /** Admin: enrols an agent (or replaces its token) from {"agent_id": ..., "region": ...}; answers the token once. */
  private void enrolAgent(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new BadRequestException("invalid body", "expected a JSON object {\"agent_id\": ..., \"region\": ...}");
    }
    if (body == null) throw new BadRequestException("invalid body", "expected a JSON object {\"agent_id\": ..., \"region\": ...}");
    String agentId = String.valueOf(body.getValue("agent_id"));
    String region = String.valueOf(body.getValue("region"));
    if (!Identifiers.isAgentId(agentId)) throw QueryParams.invalid("agent_id", Identifiers.AGENT_ID_RULE, agentId);
    if (!Identifiers.isRegion(region)) throw QueryParams.invalid("region", Identifiers.REGION_RULE, region);
    db.executeBlocking(() -> services.tokens().addAgent(agentId, region)).onComplete(ar -> {
      if (ar.failed()) {
        logger.warn("enrolling agent {} failed: {}", agentId, ar.cause().toString());
        Responses.error(ctx, 503, "database unavailable", "retry later");
      } else {
        if (services.credentials() != null) services.credentials().invalidate();
        Responses.json(ctx, 201, new JsonObject().put("agent_id", agentId).put("region", region).put("token", ar.result()));
      }
    });
  }

  /** Admin: revokes an agent's token; its open stream ends at its next batch. */
  private void revokeAgent(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    String agentId = ctx.pathParam("id");
    if (!Identifiers.isAgentId(agentId)) throw QueryParams.invalid("id", Identifiers.AGENT_ID_RULE, agentId);
    db.executeBlocking(() -> services.tokens().revokeAgent(agentId)).onComplete(ar -> {
      if (ar.failed()) {
        Responses.error(ctx, 503, "database unavailable", "retry later");
      } else if (!ar.result()) {
        Responses.error(ctx, 404, "no such agent token", agentId);
      } else {
        if (services.credentials() != null) services.credentials().invalidate();
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  private void consistency(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, CONSISTENCY_PARAMS, clock);
    Optional<String> module = params.text("module", 512);
    Optional<String> endpoint = params.endpoint();
    boolean diverging = params.bool("diverging");
    int limit = params.integer("limit", CONSISTENCY_PAGE, 1, CONSISTENCY_MAX_PAGE);
    Optional<ConsistencyReport.Position> after = params.raw("cursor").map(c -> ConsistencyCursor.decode(c)
        .orElseThrow(() -> QueryParams.invalid("cursor", "a next_cursor value from an earlier page", c)));
    ConsistencyReport.Query query = new ConsistencyReport.Query(module, endpoint, diverging, limit, after);
    query(ctx, () -> DivergenceJson.consistency(divergences.consistency(query)));
  }

  private void divergences(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, DIVERGENCE_PARAMS, clock);
    Optional<String> state = params.choice("state", Set.of("open", "resolved"));
    Optional<String> module = params.text("module", 512);
    Optional<Instant> since = params.time("since");
    int limit = params.integer("limit", 50, 1, 500);
    Optional<Long> cursor = params.id("cursor");
    query(ctx, () -> DivergenceJson.page(divergences.list(state, module, since, limit, cursor)));
  }

  private void divergence(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    long id = QueryParams.parseId("id", ctx.pathParam("id"));
    db.executeBlocking(() -> divergences.get(id)).onComplete(ar -> {
      if (ar.failed()) {
        logger.warn("GET divergence {} failed: {}", id, ar.cause().toString());
        Responses.error(ctx, 503, "database query failed", "retry later");
      } else if (ar.result().isEmpty()) {
        Responses.error(ctx, 404, "no such divergence", "id " + id);
      } else {
        Responses.json(ctx, 200, DivergenceJson.detail(ar.result().get()));
      }
    });
  }

  private void verification(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, VERIFICATION_PARAMS, clock);
    Optional<String> module = params.text("module", 512);
    Optional<String> version = params.text("version", 256);
    Optional<String> region = params.region();
    query(ctx, () -> VerificationJson.states(services.verifications().states(module, version, region)));
  }

  private void sumdbHeads(RoutingContext ctx) {
    Optional<String> region = QueryParams.of(ctx, Set.of("region"), clock).region();
    query(ctx, () -> VerificationJson.heads(services.verifications().heads(region)));
  }

  /** A window of at most MAX_BUCKETS buckets; blames 'bucket' when one was given, else the window ('from'). */
  private static void checkWindow(Instant from, Instant to, Duration bucket, Optional<String> bucketText) {
    if (!from.isBefore(to)) throw QueryParams.invalid("from", "a time before 'to' (" + to + ")", from.toString());
    if (bucket.compareTo(MIN_BUCKET) < 0 || bucket.toMillis() % 1000 != 0) {
      throw QueryParams.invalid("bucket", "whole seconds, at least 1s", bucketText.orElse(""));
    }
    long buckets = Duration.between(from, to).toSeconds() / bucket.toSeconds();
    if (buckets > MAX_BUCKETS) {
      String expected = "at most " + MAX_BUCKETS + " buckets between from and to (this gives " + buckets + ")";
      throw bucketText.isPresent() ? QueryParams.invalid("bucket", expected, bucketText.get())
          : QueryParams.invalid("from", expected + "; pass a larger bucket", from.toString());
    }
  }

  /** Runs the query and encodes its answer on the worker pool: a large answer never holds up the event loop. */
  private void query(RoutingContext ctx, Callable<JsonObject> query) {
    db.executeBlocking(() -> query.call().toBuffer()).onComplete(ar -> {
      if (ar.succeeded()) {
        Responses.json(ctx, 200, ar.result());
      } else {
        logger.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), ar.cause().toString());
        Responses.error(ctx, 503, "database query failed", "retry later");
      }
    });
  }
}
