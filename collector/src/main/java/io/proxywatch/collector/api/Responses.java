package io.proxywatch.collector.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error-to-response mapping of the REST API: RFC 9457 {@code application/problem+json} with {@code type}
 * (a stable URN per status, {@link Problems}), {@code title} (what went wrong, naming the parameter at fault),
 * {@code status} and {@code detail} (what was expected and what was sent), plus {@code error}, the title under its
 * pre-RFC 9457 name, which clients written against earlier versions read.
 */
final class Responses {
  private static final Logger logger = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  static void json(RoutingContext ctx, int status, io.vertx.core.buffer.Buffer encoded) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(encoded);
  }

  static void error(RoutingContext ctx, int status, String error, String detail) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", Problems.MEDIA_TYPE)
        .end(Problems.of(status, error, detail).encode());
  }

  /** Bad input becomes 400 with its message; anything else is 500 and one WARN line. */
  static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof BadRequestException bad) {
      error(ctx, 400, bad.getMessage(), bad.detail());
    } else if (failure instanceof HttpException http && http.getStatusCode() < 500) {
      error(ctx, http.getStatusCode(), http.getMessage(), http.getCause() == null ? "" : http.getCause().getMessage());
    } else if (failure == null) {
      error(ctx, ctx.statusCode(), "request failed", "http status " + ctx.statusCode());
    } else {
      logger.warn("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      error(ctx, 500, "internal error", failure.getClass().getSimpleName());
    }
  }
}
