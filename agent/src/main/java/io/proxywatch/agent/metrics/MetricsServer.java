package io.proxywatch.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /healthz} (200 while the agent runs: the kubelet's
 * liveness and readiness probe) on the JDK's HTTP server, one daemon thread. Anything else is 404; other methods 405.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(MetricsServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "proxywatch-metrics-http");
    thread.setDaemon(true);
    return thread;
  });

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code address}; UncheckedIOException naming the address if it cannot. */
  public static MetricsServer start(MetricsAddress address, AgentMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address.bind(), address.port()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("--metrics-port: cannot listen on " + address + ": " + e.getMessage(), e);
    }
    MetricsServer running = new MetricsServer(server);
    server.createContext("/metrics", exchange -> respond(exchange, PROMETHEUS_TEXT, metrics.scrape()));
    server.createContext("/healthz", exchange -> respond(exchange, "text/plain; charset=utf-8", "ok\n"));
    server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
    server.setExecutor(running.executor);
    server.start();
    logger.info("serving /metrics and /healthz on {}", running.address());
    return running;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void respond(HttpExchange exchange, String type, String body) throws IOException {
    boolean exact = exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath());
    if (!exact) respond(exchange, 404, type, "not found\n");
    else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
      respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
    } else respond(exchange, 200, type, body);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
