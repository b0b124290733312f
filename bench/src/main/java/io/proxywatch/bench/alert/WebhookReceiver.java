package io.proxywatch.bench.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/** A local webhook endpoint: notes System.nanoTime() when the first firing event for each module arrives. */
final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/hook", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  CompletableFuture<Long> arrival(String module) {
    return arrivals.computeIfAbsent(module, m -> new CompletableFuture<>());
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int at = body.indexOf("\"module\":\"");
    if (at >= 0 && body.contains("\"event\":\"firing\"")) {
      String module = body.substring(at + 10, body.indexOf('"', at + 10));
      arrival(module).complete(now);
    }
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
