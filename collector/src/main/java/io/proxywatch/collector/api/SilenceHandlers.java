package io.proxywatch.collector.api;

import io.proxywatch.collector.alerting.InvalidSilenceException;
import io.proxywatch.collector.alerting.Silence;
import io.proxywatch.collector.alerting.SilenceStore;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/silences}: list (read token), create, change and delete (admin token). A bad field is a 400 naming
 * it; an unknown id a 404.
 */
final class SilenceHandlers {
  private static final Logger logger = LoggerFactory.getLogger(SilenceHandlers.class);
  private static final Silence.Fields EMPTY = new Silence.Fields("", "", "", "", null, null, "", "");

  private final SilenceStore silences;
  private final WorkerExecutor db;
  private final Clock clock;

  SilenceHandlers(SilenceStore silences, WorkerExecutor db, Clock clock) {
    this.silences = silences;
    this.db = db;
    this.clock = clock;
  }

  void register(Router router) {
    router.get("/api/v1/silences").handler(this::list);
    router.post("/api/v1/silences").handler(this::create);
    router.put("/api/v1/silences/:id").handler(this::update);
    router.delete("/api/v1/silences/:id").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    run(ctx, () -> SilenceJson.list(silences.list(), clock.instant()), 200);
  }

  private void create(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    Silence.Fields given = SilenceJson.fields(body(ctx), EMPTY);
    Silence.Fields fields = given.startsAt() != null ? given : new Silence.Fields(given.region(), given.modulePrefix(),
        given.kind(), given.proxy(), clock.instant(), given.endsAt(), given.author(), given.comment());
    run(ctx, () -> {
      Silence created = silences.create(fields);
      logger.info("silence {} created by {}: {}", created.id(), created.fields().author(), created.fields());
      return SilenceJson.silence(created, clock.instant());
    }, 201);
  }

  private void update(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    long id = QueryParams.parseId("id", ctx.pathParam("id"));
    JsonObject body = body(ctx);
    SilenceJson.fields(body, EMPTY);
    run(ctx, () -> silences.update(id, current -> SilenceJson.fields(body, current))
        .map(s -> SilenceJson.silence(s, clock.instant())).orElse(null), 200);
  }

  private void delete(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    long id = QueryParams.parseId("id", ctx.pathParam("id"));
    run(ctx, () -> silences.delete(id) ? new JsonObject() : null, 204);
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) return body;
    } catch (RuntimeException e) {
      // reported below
    }
    throw new BadRequestException("invalid body", "expected a JSON object with " + String.join(", ",
        SilenceJson.FIELDS.stream().sorted().toList()));
  }

  /** Runs on the worker pool: null is 404, an invalid silence 400, a database failure 503. */
  private void run(RoutingContext ctx, Callable<JsonObject> action, int status) {
    db.executeBlocking(action).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof InvalidSilenceException bad) {
        Responses.error(ctx, 400, "invalid field '" + bad.field() + "'", bad.detail());
      } else if (ar.failed()) {
        logger.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), ar.cause().toString());
        Responses.error(ctx, 503, "database unavailable", "retry later");
      } else if (ar.result() == null) {
        Responses.error(ctx, 404, "no such silence", ctx.pathParam("id"));
      } else if (status == 204) {
        ctx.response().setStatusCode(204).end();
      } else {
        Responses.json(ctx, status, ar.result());
      }
    });
  }
}
