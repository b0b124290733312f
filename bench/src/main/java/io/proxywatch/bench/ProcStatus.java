package io.proxywatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc/PID/status says about a process. */
public final class ProcStatus {
  private ProcStatus() {}

  /** A field in KiB (VmRSS, VmHWM); 0 when the process has ended. */
  public static long kib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
      }
    } catch (IOException e) {
      // the process ended between the check and the read
    }
    return 0;
  }
}
