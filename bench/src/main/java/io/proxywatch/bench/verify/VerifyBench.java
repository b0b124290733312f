package io.proxywatch.bench.verify;

import io.proxywatch.bench.BenchEnv;
import io.proxywatch.bench.ProcStatus;
import io.proxywatch.bench.Report;
import io.proxywatch.sumdb.dirhash.ModuleZip;
import io.proxywatch.sumdb.dirhash.ZipDigest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What verification costs an agent: a child JVM with the agent's heap (-Xmx24m) hashes a 100 MiB module zip the way
 * the agent does (ModuleZip streaming, spooled to disk) while its RSS is sampled; MiB/s hashed; then the whole agent
 * verifying that zip ({@link AgentVerifyBench}); and the extra traffic per day for 1,000 module versions, computed
 * from the cadences. Figures only, no pass/fail.
 */
public final class VerifyBench {
  private static final String MODULE = "example.com/big";
  private static final String VERSION = "v1.0.0";
  private final BenchEnv env;
  private final Report report;

  public VerifyBench(BenchEnv env, Report report) {
    this.env = env;
    this.report = report;
  }

  public void run() throws Exception {
    Path dir = Files.createTempDirectory("proxywatch-verify-bench-");
    Path zip = dir.resolve("big.zip");
    writeZip(zip, 100 << 20);
    ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m",
        "-cp", System.getProperty("java.class.path"), Child.class.getName(), zip.toString(), dir.toString());
    Process p = b.redirectErrorStream(true).start();
    long peak = 0;
    while (p.isAlive()) {
      peak = Math.max(peak, ProcStatus.kib(p.pid(), "VmRSS"));
      Thread.sleep(50);
    }
    String out = new String(p.getInputStream().readAllBytes()).strip();
    report.line(String.format("verify zip 100 MiB, child -Xmx24m: peak RSS %.1f MiB; %s", peak / 1024.0, out));
    new AgentVerifyBench(env, report).run(dir, zip);
    traffic();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Extra bytes a day for 1,000 module versions: zips and lookups once per --verify-every (24h), heads every 5m. */
  private void traffic() {
    long lookup = 1_000 + 3 * 8_192; // lookup body + up to 3 uncached tiles (worst case; tiles are shared and cached)
    long heads = (86_400 / 300) * 2L * 400; // /latest (~400 B) through the proxy and directly, every 5 minutes
    for (long zip : new long[] {100 << 10, 1 << 20}) {
      long perDay = 1_000L * (zip + 2 * lookup) + heads;
      report.line(String.format("verify traffic/day for 1,000 versions, mean zip %d KiB: %.1f MiB (%.3f MiB/s avg)",
          zip >> 10, perDay / 1048576.0, perDay / 1048576.0 / 86_400));
    }
  }


  private static void writeZip(Path zip, int bytes) throws Exception {
    Random random = new Random(1);
    byte[] chunk = new byte[1 << 20];
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.setLevel(0);
      for (int i = 0; i < bytes / chunk.length; i++) {
        out.putNextEntry(new ZipEntry(MODULE + "@" + VERSION + "/data/" + i + ".bin"));
        random.nextBytes(chunk);
        out.write(chunk);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry(MODULE + "@" + VERSION + "/go.mod"));
      out.write(("module " + MODULE + "\n").getBytes());
      out.closeEntry();
    }
  }

  /** Runs in the child JVM: hashes the zip as the agent does and prints the rate. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      long start = System.nanoTime();
      ZipDigest d;
      try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
        d = ModuleZip.hash(in, MODULE, VERSION, Path.of(args[1]));
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("%.1f MiB hashed in %.2f s = %.1f MiB/s (%s)%n", d.bytes() / 1048576.0, s, d.bytes() / 1048576.0 / s, d.h1());
    }
  }
}
