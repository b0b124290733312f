package io.proxywatch.collector.e2e;

import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.storage.DbSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The collector as a real operating-system process (so it can be killed with SIGKILL), from the test classpath. */
final class CollectorProcess implements AutoCloseable {
  private final Process process;
  private final int httpPort;

  private CollectorProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  static CollectorProcess start(DbSettings db, int grpcPort, int httpPort, Path log, String... extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.proxywatch.collector.cli.CollectorMain", "serve",
        "--db-url", db.url(), "--grpc-port", String.valueOf(grpcPort), "--http-port", String.valueOf(httpPort),
        "--bind", "127.0.0.1", "--insecure-no-auth"));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    CollectorProcess collector = new CollectorProcess(process, httpPort);
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> collector.status("/healthz") == 200);
    return collector;
  }

  int status(String path) throws Exception {
    if (!process.isAlive()) throw new IllegalStateException("collector exited with " + process.exitValue());
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye to the agents. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) kill9();
  }
}
