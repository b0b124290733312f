package io.proxywatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.InsecureServerCredentials;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent in its own JVM (AgentMain on the test class path), killed with SIGKILL: once while the
 * collector is down, so its samples exist only in the spool, and once mid-stream. Every sequence must
 * reach the collector, stored once, without a gap.
 */
class AgentKillTest {
  @TempDir
  Path state;
  final List<ChildProcess> processes = new ArrayList<>();
  int proxyPort;
  int collectorPort;

  @AfterEach
  void killLeftovers() {
    processes.forEach(ChildProcess::close);
  }

  @Test
  void kill9_whileTheCollectorIsDown_andAgainMidStream_losesNoSequence_andStoresEachOnce() throws Exception {
    proxyPort = Ports.free();
    collectorPort = Ports.free();

    ChildProcess first = startAgent("first");
    await().atMost(Duration.ofSeconds(20)).until(() -> spoolBytes() >= 1500); // several samples, only on disk
    kill(first);

    long spooledByFirst = spoolBytes();
    ChildProcess second = startAgent("second");
    await().atMost(Duration.ofSeconds(20)).until(() -> spoolBytes() > spooledByFirst + 500); // recovered, appends
    try (var collector = new RecordingCollector(collectorPort, InsecureServerCredentials.create())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> collector.stored.size() >= 10);
      kill(second); // mid-stream
      int storedBefore = collector.stored.size();

      ChildProcess third = startAgent("third");
      await().atMost(Duration.ofSeconds(20)).until(() -> collector.stored.size() >= storedBefore + 6);
      int exit = third.stop(Duration.ofSeconds(10)); // SIGTERM: a clean stop
      assertThat(exit).as(log("third")).isIn(0, 128 + 15); // the JVM reports SIGTERM as 143
      assertThat(log("third")).contains("agent kill-test stopped");

      List<Long> sequences = collector.stored.stream().map(Sample::getSequence).toList();
      assertThat(sequences).as(log("first") + log("second") + log("third"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, sequences.size()).boxed().toList());
      assertThat(collector.hellos).hasSizeGreaterThanOrEqualTo(2);
      System.out.printf("kill-9: %d sequences stored once, %d received (replays deduplicated)%n",
          sequences.size(), collector.received.size());
    }
  }

  private ChildProcess startAgent(String name) {
    ChildProcess process = ChildProcess.start(ChildProcess.java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"),
        "io.proxywatch.agent.cli.AgentMain", List.of(
        "--region", "tokyo", "--agent-id", "kill-test", "--collector", "127.0.0.1:" + collectorPort,
        "--goproxy", "http://127.0.0.1:" + proxyPort, "--module", "example.com/hello@v1.0.0",
        "--endpoints", "mod,info,list", "--interval", "1s", "--timeout", "1s", "--state-dir", state.toString())),
        logOf(name), env -> env.keySet().removeIf(k -> k.startsWith("PROXYWATCH_")));
    processes.add(process);
    return process;
  }

  private static void kill(ChildProcess process) throws InterruptedException {
    assertThat(process.kill9()).isEqualTo(128 + 9); // SIGKILL on Linux
  }

  private long spoolBytes() {
    try (Stream<Path> files = Files.list(state.resolve("spool"))) {
      return files.filter(f -> f.toString().endsWith(".seg")).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      return 0; // not created yet
    }
  }

  private Path logOf(String name) {
    return state.resolveSibling(state.getFileName() + "-" + name + ".log");
  }

  private String log(String name) {
    try {
      return "\n--- " + name + " ---\n" + Files.readString(logOf(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
