package io.proxywatch.collector.e2e;

import static org.awaitility.Awaitility.await;

import io.proxywatch.collector.Collector;
import io.proxywatch.collector.storage.DbSettings;
import io.proxywatch.testkit.ChildProcess;
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
  private final ChildProcess process;
  private final int httpPort;

  private CollectorProcess(ChildProcess process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  static CollectorProcess start(DbSettings db, int grpcPort, int httpPort, Path log, String... extra) {
    List<String> args = new ArrayList<>(List.of("serve", "--db-url", db.url(), "--grpc-port", String.valueOf(grpcPort),
        "--http-port", String.valueOf(httpPort), "--bind", "127.0.0.1", "--insecure-no-auth"));
    args.addAll(List.of(extra));
    CollectorProcess collector = new CollectorProcess(ChildProcess.start(
        ChildProcess.java(List.of("-Xmx256m", "-Dlogback.configurationFile=" + ownLogbackXml()),
            "io.proxywatch.collector.cli.CollectorMain", args), log), httpPort);
    try {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> collector.status("/healthz") == 200);
    } catch (RuntimeException | Error e) {
      collector.close();
      throw e;
    }
    return collector;
  }

  /** The collector's logback.xml, not the agent's that the test classpath also holds (logback would warn on stderr). */
  private static Path ownLogbackXml() {
    try {
      return Path.of(Collector.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("logback.xml");
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  int status(String path) throws Exception {
    if (!process.alive()) throw new IllegalStateException("collector exited with " + process.exitValue());
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** What the collector has written (stdout and stderr) so far. */
  String log() {
    return process.log();
  }

  /** SIGTERM: the shutdown hook runs; returns the exit status. */
  int stop() throws InterruptedException {
    return process.stop(Duration.ofSeconds(30));
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye to the agents. */
  void kill9() throws InterruptedException {
    process.kill9();
  }

  @Override
  public void close() {
    process.close();
  }
}
