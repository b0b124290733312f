package io.proxywatch.collector.alerting;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A local HTTP endpoint standing in for webhook receivers and Slack: records requests, answers as scripted. */
final class Receiver implements AutoCloseable {
  record Request(String path, Headers headers, String body, long receivedNanos, int status) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int otherwise = 200;

  private Receiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static Receiver start() throws IOException {
    return new Receiver(0);
  }

  /** On a given port, e.g. one a receiver that was down used to have. */
  static Receiver start(int port) throws IOException {
    return new Receiver(port);
  }

  /** The answer once the scripted ones are used up (200 unless set). */
  Receiver otherwise(int status) {
    otherwise = status;
    return this;
  }

  /** The next answers, in order; then {@link #otherwise}. */
  Receiver answer(Integer... statuses) {
    script.addAll(List.of(statuses));
    return this;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> delivered() {
    return requests.stream().filter(r -> r.status() / 100 == 2).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Integer scripted = script.poll();
    int status = scripted == null ? otherwise : scripted;
    requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body, now, status));
    byte[] answer = (status / 100 == 2 ? "ok" : "scripted failure").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
