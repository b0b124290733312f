package io.proxywatch.agent.cli;

import io.proxywatch.agent.probe.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads --modules-file: one {@code path@version} per line; {@code #} starts a comment; blank lines skipped. */
final class ModulesFile {
  private ModulesFile() {}

  /** The entries, each checked; IllegalArgumentException naming the file and line otherwise. */
  static List<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--modules-file: cannot read \"" + file + "\" (" + reason(e) + ")", e);
    }
    List<String> modules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String entry = stripComment(lines.get(i));
      if (entry.isEmpty()) continue;
      try {
        modules.add(ModuleVersion.parse(entry).toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--modules-file: " + file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return modules;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).trim();
  }

  private static String reason(IOException e) {
    String type = e.getClass().getSimpleName().replace("Exception", "");
    return type.equals("NoSuchFile") ? "no such file" : type.equals("AccessDenied") ? "permission denied"
        : e.getMessage() == null ? type : e.getMessage();
  }
}
