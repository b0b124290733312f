package io.proxywatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Prints every figure as {@code name: value unit} and appends it to the results file. */
public final class Report {
  private final Path file;

  public Report(Path file) {
    this.file = file;
  }

  public void figure(String name, double value, String unit) {
    line(name + ": " + format(value) + " " + unit);
  }

  public void text(String name, String value) {
    line(name + ": " + value);
  }

  public synchronized void line(String line) {
    System.out.println(line);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("cannot write " + file + ": " + e);
    }
  }

  public static String format(double value) {
    if (Double.isNaN(value)) return "n/a";
    if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
    double abs = Math.abs(value);
    return String.format(Locale.ROOT, abs >= 100 ? "%.1f" : abs >= 1 ? "%.2f" : "%.4f", value);
  }
}
