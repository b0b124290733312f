package io.proxywatch.bench.probe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** /usr/bin/curl, one process (so one fresh connection and TLS handshake) per probe, {@code concurrency} at a time. */
final class CurlProber {
  private final String url;
  private final Path ca;

  CurlProber(String url, Path ca) {
    this.url = url;
    this.ca = ca;
  }

  /** Probes for {@code seconds}; returns time_starttransfer - time_appconnect of each probe in microseconds. */
  Result run(int concurrency, double seconds) throws Exception {
    return saturate(concurrency, seconds, this::probe);
  }

  /**
   * Runs {@code probe} on {@code concurrency} threads, back to back, for {@code seconds}; each successful call
   * adds its measurement, each exception counts a failure. The one driver of every peer prober.
   */
  static Result saturate(int concurrency, double seconds, Callable<double[]> probe) throws InterruptedException {
    List<double[]> processing = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failures = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long started = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      pool.execute(() -> {
        while (System.nanoTime() < deadline) {
          try {
            processing.add(probe.call());
          } catch (Exception e) {
            failures.incrementAndGet();
          }
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination((long) seconds + 60, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - started) / 1e9;
    return new Result(processing, failures.get(), processing.size() / elapsed);
  }

  /** {time_starttransfer - time_appconnect, the server's wait from the ETag}, microseconds. */
  private double[] probe() throws Exception {
    Process p = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "--cacert", ca.toString(), "-H", "Accept-Encoding: identity",
        "-w", "%{http_code} %{time_appconnect} %{time_starttransfer} %header{etag}", url).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0 || !out.startsWith("200 ")) throw new IllegalStateException("curl: " + out);
    String[] f = out.split(" ");
    return new double[] {(Double.parseDouble(f[2]) - Double.parseDouble(f[1])) * 1e6, Double.parseDouble(f[3].replace("\"", ""))};
  }

  record Result(List<double[]> processingMicros, long failures, double probesPerSecond) {}
}
