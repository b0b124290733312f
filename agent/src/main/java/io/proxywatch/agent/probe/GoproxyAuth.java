package io.proxywatch.agent.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request headers for private Go module proxies, from {@code --proxy-auth-file}: one entry per line,
 * {@code URL_PREFIX header Name: value} or {@code URL_PREFIX basic user:password}; {@code #} comments and blank
 * lines are skipped. A probe whose URL starts with a prefix gets that entry's header (the longest prefix wins).
 * The file is re-read at most once a minute when it changed; a file that became unusable keeps the entries read
 * last, with one WARN. The file must not be readable by other users. Values are secrets: never logged or shown.
 */
public final class GoproxyAuth {
  private static final Logger logger = LoggerFactory.getLogger(GoproxyAuth.class);
  static final Duration REREAD = Duration.ofMinutes(1);
  private static final Pattern LINE =
      Pattern.compile("(https?://\\S+)\\s+(?:header\\s+([!#$%&'*+.^_`|~0-9A-Za-z-]+):\\s*(.*\\S)|basic\\s+(\\S+))");

  /** The header one prefix adds. */
  record Entry(String prefix, String name, String value) {
    @Override
    public String toString() {
      return prefix + " " + name + ": (not shown)";
    }
  }

  private final Path file;
  private final Clock clock;
  private volatile List<Entry> entries;
  private volatile Instant checked;
  private volatile Instant modified;

  private GoproxyAuth(Path file, Clock clock, List<Entry> entries, Instant modified) {
    this.file = file;
    this.clock = clock;
    this.entries = entries;
    this.checked = clock.instant();
    this.modified = modified;
  }

  /** Reads the file now; IllegalArgumentException naming the option, the file and the line otherwise. */
  public static GoproxyAuth load(Path file, Clock clock) {
    return new GoproxyAuth(file, clock, read(file), lastModified(file));
  }

  /** The entry for this URL, or null; re-reads the file first when a minute has passed. */
  Entry forUrl(String url) {
    refresh();
    return entries.stream().filter(e -> url.startsWith(e.prefix()))
        .max(Comparator.comparingInt(e -> e.prefix().length())).orElse(null);
  }

  private void refresh() {
    Instant now = clock.instant();
    if (now.isBefore(checked.plus(REREAD))) return;
    synchronized (this) {
      if (now.isBefore(checked.plus(REREAD))) return;
      checked = now;
      try {
        Instant current = lastModified(file);
        if (current.equals(modified)) return;
        entries = read(file);
        modified = current;
        logger.info("--proxy-auth-file {}: re-read, {} entries", file, entries.size());
      } catch (IllegalArgumentException e) {
        logger.warn("{}; keeping the {} entries read before", e.getMessage(), entries.size());
      }
    }
  }

  static List<Entry> read(Path file) {
    checkPermissions(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--proxy-auth-file: cannot read \"" + file + "\" (" + e.getMessage() + ")", e);
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) entries.add(entry(file, i + 1, line));
    }
    return List.copyOf(entries);
  }

  private static Entry entry(Path file, int number, String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches() || !printable(line)) {
      throw new IllegalArgumentException("--proxy-auth-file: " + file + ":" + number
          + ": expected \"URL_PREFIX header Name: value\" or \"URL_PREFIX basic user:password\" (line not shown)");
    }
    if (m.group(2) != null) return new Entry(m.group(1), m.group(2), m.group(3));
    String basic = Base64.getEncoder().encodeToString(m.group(4).getBytes(StandardCharsets.UTF_8));
    return new Entry(m.group(1), "Authorization", "Basic " + basic);
  }

  private static boolean printable(String line) {
    return line.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f));
  }

  private static void checkPermissions(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new IllegalArgumentException("--proxy-auth-file: \"" + file + "\" is accessible by other users (mode "
            + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "); allow the owner and group only, "
            + "for example chmod 600");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions here (or no file: read() names that)
    }
  }

  private static Instant lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      throw new IllegalArgumentException("--proxy-auth-file: cannot read \"" + file + "\" (" + e.getMessage() + ")", e);
    }
  }
}
