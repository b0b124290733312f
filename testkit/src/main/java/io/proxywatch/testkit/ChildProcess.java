package io.proxywatch.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A process a test starts (a collector or agent JVM, Alertmanager, a prober), its output appended to a log file.
 * Stopping it always stops its whole process tree, children first; whatever is still running when the test JVM
 * exits (a failed test, a missing close) is killed by a shutdown hook, so no run leaves processes behind.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildProcess::killTree), "child-process-reaper"));
  }

  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    RUNNING.add(this);
  }

  /** Starts {@code command}, appending its stdout and stderr to {@code log}; {@code environment} may edit its variables. */
  public static ChildProcess start(List<String> command, Path log, Consumer<Map<String, String>> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    environment.accept(builder.environment());
    try {
      return new ChildProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  public static ChildProcess start(List<String> command, Path log) {
    return start(command, log, env -> {});
  }

  /** {@code java [jvmOptions] -cp <this JVM's class path> mainClass [args]}, with this JVM's java. */
  public static List<String> java(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return command;
  }

  /**
   * Runs {@code command} to its end and returns its output (stdout and stderr together); fails with that output
   * when it exits with another status than 0 or outlives {@code timeout}.
   */
  public static String run(List<String> command, Map<String, String> env, Duration timeout) {
    return run(command, env, timeout, true);
  }

  /** As {@link #run}, but returns stdout only; stderr goes to this JVM's stderr. */
  public static String stdout(List<String> command, Map<String, String> env, Duration timeout) {
    return run(command, env, timeout, false);
  }

  private static String run(List<String> command, Map<String, String> env, Duration timeout, boolean mergeStderr) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (mergeStderr) builder.redirectErrorStream(true);
    else builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + ": " + out);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed with exit " + process.exitValue() + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The exit status; fails while the process runs. */
  public int exitValue() {
    return process.exitValue();
  }

  /** What the process has written so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }

  /** SIGKILL to the process and its children (no shutdown hook, no flush), and waits for the end. */
  public int kill9() throws InterruptedException {
    killTree();
    process.waitFor();
    RUNNING.remove(this);
    return process.exitValue();
  }

  /** SIGTERM to the children and the process, SIGKILL to what still runs after {@code grace}; returns the exit status. */
  public int stop(Duration grace) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) killTree();
    process.waitFor();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    RUNNING.remove(this);
    return process.exitValue();
  }

  private void killTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public void close() {
    try {
      stop(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      killTree();
      RUNNING.remove(this);
      Thread.currentThread().interrupt();
    }
  }
}
