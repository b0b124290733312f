package io.proxywatch.collector.api;

import io.proxywatch.collector.check.CheckQueries;
import io.proxywatch.collector.check.CheckRequestSpec;
import io.proxywatch.collector.check.Checks;
import io.proxywatch.collector.check.TooManyChecksException;
import io.proxywatch.collector.release.ReleaseQueries;
import io.proxywatch.collector.watch.Watch;
import io.proxywatch.collector.watch.WatchConflictException;
import io.proxywatch.collector.watch.WatchStore;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/watches} (list with a read token; add and remove with an admin token), {@code /releases} and
 * {@code /propagation} (read), {@code /checks} (start with an admin token; read its table with a read token). A bad
 * field is a 400 naming it; a file-owned watch a 409.
 */
final class WatchHandlers {
  private static final Logger logger = LoggerFactory.getLogger(WatchHandlers.class);
  private static final Set<String> WATCH_FIELDS = Set.of("name", "module", "versions", "endpoints", "proxies", "regions", "cadence");
  private static final Set<String> CADENCE_FIELDS = Set.of("mutable", "info", "immutable");
  private static final Set<String> CHECK_FIELDS = Set.of("module", "version", "proxies");
  private static final Pattern CHECK_ID = Pattern.compile("chk-[0-9a-f]{18}");

  private final WatchServices services;
  private final WorkerExecutor db;
  private final Clock clock;

  WatchHandlers(WatchServices services, WorkerExecutor db, Clock clock) {
    this.services = services;
    this.db = db;
    this.clock = clock;
  }

  void register(Router router) {
    router.get("/api/v1/watches").handler(this::list);
    router.post("/api/v1/watches").handler(this::add);
    router.delete("/api/v1/watches/:name").handler(this::remove);
    router.get("/api/v1/releases").handler(this::releases);
    router.get("/api/v1/propagation").handler(this::propagation);
    router.post("/api/v1/checks").handler(this::startCheck);
    router.get("/api/v1/checks/:id").handler(this::check);
  }

  private void list(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    run(ctx, () -> WatchJson.watches(services.watches().list()), 200, "");
  }

  private void add(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    JsonObject body = body(ctx, WATCH_FIELDS);
    JsonObject cadence = body.getValue("cadence") instanceof JsonObject c ? c : new JsonObject();
    if (body.containsKey("cadence") && !(body.getValue("cadence") instanceof JsonObject)) {
      throw QueryParams.invalid("cadence", "an object with mutable, info, immutable", String.valueOf(body.getValue("cadence")));
    }
    unknown("cadence.", cadence, CADENCE_FIELDS);
    Watch watch;
    try {
      watch = Watch.of(string(body, "name", null), string(body, "module", null), string(body, "versions", "all"),
          strings(body, "endpoints"), strings(body, "proxies"), strings(body, "regions"),
          string(cadence, "mutable", Watch.Cadence.DEFAULT_MUTABLE), string(cadence, "info", Watch.Cadence.DEFAULT_INFO),
          string(cadence, "immutable", Watch.Cadence.DEFAULT_IMMUTABLE), "manual");
    } catch (IllegalArgumentException e) {
      throw fieldError(e.getMessage());
    }
    run(ctx, () -> {
      services.watches().put(watch);
      services.changed().run();
      logger.info("watch {} saved over REST: {} {}", watch.name(), watch.module(), watch.versions().text());
      return WatchJson.watch(watch);
    }, 201, watch.name());
  }

  private void remove(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    String name = ctx.pathParam("name");
    if (!Watch.NAME.matcher(name).matches()) throw QueryParams.invalid("name", Watch.NAME_RULE, name);
    run(ctx, () -> {
      if (!services.watches().remove(name)) return null;
      services.changed().run();
      return new JsonObject();
    }, 204, name);
  }

  private void releases(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, Set.of("module", "since", "limit"), clock);
    Optional<String> module = params.text("module", 512);
    Instant since = params.time("since").orElse(clock.instant().minus(Duration.ofDays(7)));
    int limit = params.integer("limit", 100, 1, 1000);
    run(ctx, () -> WatchJson.releases(services.releases().releases(module, since, limit)), 200, "");
  }

  private void propagation(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, Set.of("module", "endpoint", "since"), clock);
    Optional<String> module = params.text("module", 512);
    String signal = params.choice("endpoint", Set.of("info", "list", "latest")).orElse("info");
    Instant since = params.time("since").orElse(clock.instant().minus(Duration.ofDays(7)));
    run(ctx, () -> WatchJson.propagation(signal, services.releases().propagation(module, signal, since)), 200, "");
  }

  private void startCheck(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    JsonObject body = body(ctx, CHECK_FIELDS);
    CheckRequestSpec spec;
    try {
      spec = new CheckRequestSpec(string(body, "module", null), string(body, "version", ""), strings(body, "proxies"));
    } catch (IllegalArgumentException e) {
      throw fieldError(e.getMessage());
    }
    run(ctx, () -> {
      String id = services.checks().create(spec);
      return new JsonObject().put("id", id).put("url", "/api/v1/checks/" + id)
          .put("deadline_seconds", Checks.DEADLINE.toSeconds());
    }, 202, "");
  }

  private void check(RoutingContext ctx) {
    QueryParams.of(ctx, Set.of(), clock);
    String id = ctx.pathParam("id");
    if (!CHECK_ID.matcher(id).matches()) throw QueryParams.invalid("id", "a check id like chk-0123456789abcdef01", id);
    run(ctx, () -> services.results().get(id).map(WatchJson::check).orElse(null), 200, id);
  }

  /** "field: expected ..." from the model becomes a 400 naming that field. */
  private static BadRequestException fieldError(String message) {
    int colon = message.indexOf(": ");
    String field = colon > 0 && colon < 40 ? message.substring(0, colon) : "body";
    return new BadRequestException("invalid field '" + field + "'", colon > 0 ? message.substring(colon + 2) : message);
  }

  private static JsonObject body(RoutingContext ctx, Set<String> fields) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      throw new BadRequestException("invalid body", "expected a JSON object with " + String.join(", ", fields.stream().sorted().toList()));
    }
    unknown("", body, fields);
    return body;
  }

  private static void unknown(String prefix, JsonObject object, Set<String> fields) {
    for (String name : object.fieldNames()) {
      if (!fields.contains(name)) {
        throw new BadRequestException("unknown field '" + prefix + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'",
            "known: " + String.join(", ", fields.stream().sorted().toList()));
      }
    }
  }

  private static String string(JsonObject body, String field, String defaultValue) {
    Object value = body.getValue(field);
    if (value == null && defaultValue != null) return defaultValue;
    if (value instanceof String s) return s;
    throw new BadRequestException("invalid field '" + field + "'", "expected a string, got " + (value == null ? "nothing" : String.valueOf(value)));
  }

  private static List<String> strings(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) return List.of();
    if (!(value instanceof JsonArray array) || array.size() > 100) {
      throw new BadRequestException("invalid field '" + field + "'", "expected a list of at most 100 strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof String s)) throw new BadRequestException("invalid field '" + field + "'", "expected a list of strings");
      out.add(s);
    }
    return out;
  }

  /** Runs on the worker pool: null is 404, a conflict 409, too many checks 429, a database failure 503. */
  private void run(RoutingContext ctx, Callable<JsonObject> action, int status, String subject) {
    db.executeBlocking(() -> {
      JsonObject result = action.call();
      return result == null ? null : result.toBuffer(); // encoded here: a large answer never holds up the event loop
    }).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof WatchConflictException conflict) {
        Responses.error(ctx, 409, "conflict", conflict.getMessage());
      } else if (ar.failed() && ar.cause() instanceof TooManyChecksException busy) {
        Responses.error(ctx, 429, "too many checks", busy.getMessage());
      } else if (ar.failed()) {
        logger.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), ar.cause().toString());
        Responses.error(ctx, 503, "database unavailable", "retry later");
      } else if (ar.result() == null) {
        Responses.error(ctx, 404, "not found", subject);
      } else if (status == 204) {
        ctx.response().setStatusCode(204).end();
      } else {
        Responses.json(ctx, status, ar.result());
      }
    });
  }
}
