package io.proxywatch.collector.console;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Mounts the console (plain ES modules from {@code console/} on the classpath, uPlot from its webjar) and the
 * API's OpenAPI contract ({@code openapi.json}). Mount before the token check: these files are public, the data
 * is not.
 */
public final class Console {
  /** Where the webjar keeps uPlot's built files; the version is the one collector/pom.xml depends on. */
  static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/1.6.30/dist";
  /** Scripts, styles and requests from this origin only: no inline script, no outside network. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final int MAX_AGE_SECONDS = 60;

  private Console() {}

  public static void mount(Router router) {
    router.get("/api/v1/openapi.json").handler(Console::contract);
    router.get("/").handler(Console::index);
    router.route("/console/*").handler(Console::securityHeaders);
    router.get("/console/vendor/uplot/*").handler(files(UPLOT_DIR));
    router.get("/console/*").handler(files("console"));
  }

  private static StaticHandler files(String root) {
    return StaticHandler.create(root).setMaxAgeSeconds(MAX_AGE_SECONDS).setDirectoryListing(false);
  }

  private static void index(RoutingContext ctx) {
    protect(ctx.response());
    ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-cache")
        .sendFile("console/index.html");
  }

  private static void contract(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-cache")
        .sendFile("openapi.json");
  }

  private static void securityHeaders(RoutingContext ctx) {
    protect(ctx.response());
    ctx.next();
  }

  private static void protect(HttpServerResponse response) {
    response.putHeader("content-security-policy", CSP).putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer").putHeader("x-frame-options", "DENY");
  }
}
