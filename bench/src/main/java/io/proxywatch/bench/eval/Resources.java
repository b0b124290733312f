package io.proxywatch.bench.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the process and the machine spend: a named thread's CPU time, heap after a full GC, RSS, machine CPU. */
final class Resources {
  private Resources() {}

  /** CPU nanoseconds of the live thread named {@code name}; -1 if there is none. */
  static long threadCpuNanos(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name) && t.isAlive()) return ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId());
    }
    return -1;
  }

  static long heapAfterGcBytes() {
    for (int i = 0; i < 2; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** Jiffies of the whole machine: {busy, total}. */
  static long[] machineJiffies() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      return new long[] {0, 0};
    }
  }
}
