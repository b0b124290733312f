package io.proxywatch.collector.api;

import io.proxywatch.collector.auth.Credentials;
import io.proxywatch.collector.auth.TokenSecrets;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * REST access: a read token for GETs, an admin token for anything that writes; 401 without a valid token,
 * 403 for a valid one of too little role, 429 past the per-token rate (per address for failed attempts, so
 * guessing tokens is slow too).
 */
final class ApiAuth {
  private final Credentials credentials;
  private final RateLimiter limiter;

  /** credentials: null when tokens are not required (only the rate limit per address applies). */
  ApiAuth(Credentials credentials, RateLimiter limiter) {
    this.credentials = credentials;
    this.limiter = limiter;
  }

  void check(RoutingContext ctx) {
    if (credentials == null) {
      limited(ctx, "address:" + ctx.request().remoteAddress().host());
      return;
    }
    String token = TokenSecrets.bearer(ctx.request().getHeader("Authorization"));
    Optional<Credentials.ApiIdentity> identity = credentials.api(token);
    if (identity.isEmpty()) {
      if (!limiter.tryAcquire("address:" + ctx.request().remoteAddress().host())) {
        tooMany(ctx);
        return;
      }
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"proxywatch\"");
      Responses.error(ctx, 401, "unauthorized", token.isEmpty()
          ? "send 'Authorization: Bearer <token>' (proxywatch-collector api-tokens add)" : "unknown or revoked token");
      return;
    }
    boolean writes = ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD;
    if (writes && !identity.get().admin()) {
      Responses.error(ctx, 403, "forbidden", "this needs an admin token; '" + identity.get().name() + "' is read-only");
      return;
    }
    limited(ctx, "token:" + identity.get().name());
  }

  private void limited(RoutingContext ctx, String key) {
    if (limiter.tryAcquire(key)) ctx.next();
    else tooMany(ctx);
  }

  private void tooMany(RoutingContext ctx) {
    ctx.response().putHeader("Retry-After", String.valueOf(limiter.retryAfterSeconds()));
    Responses.error(ctx, 429, "too many requests", "slow down");
  }
}
