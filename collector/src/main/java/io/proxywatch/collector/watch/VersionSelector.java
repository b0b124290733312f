package io.proxywatch.collector.watch;

import io.proxywatch.common.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * Which versions of a watched module are probed: {@code exact:v1.2.3,v1.3.0}, {@code all} (every version any
 * region's @v/list shows), {@code latest:N} (the newest N of those) or {@code new} (releases from the module index
 * from the watch's creation on).
 */
public sealed interface VersionSelector {
  int MAX_EXACT = 100;
  int MAX_LATEST = 1000;

  /** The selector as it is written and stored. */
  String text();

  record Exact(List<String> versions) implements VersionSelector {
    public Exact {
      versions = List.copyOf(versions);
    }

    @Override
    public String text() {
      return "exact:" + String.join(",", versions);
    }
  }

  record All() implements VersionSelector {
    @Override
    public String text() {
      return "all";
    }
  }

  record Latest(int count) implements VersionSelector {
    @Override
    public String text() {
      return "latest:" + count;
    }
  }

  record New() implements VersionSelector {
    @Override
    public String text() {
      return "new";
    }
  }

  /** Parses a selector; IllegalArgumentException saying what is expected (the caller names the field). */
  static VersionSelector parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equals("all")) return new All();
    if (t.equals("new")) return new New();
    if (t.startsWith("latest:")) return new Latest(count(t.substring("latest:".length()), t));
    if (t.startsWith("exact:")) return new Exact(versions(t.substring("exact:".length()), t));
    throw new IllegalArgumentException("expected exact:v1.2.3,..., all, latest:N or new, got \"" + shown(t) + "\"");
  }

  private static int count(String n, String whole) {
    try {
      int value = Integer.parseInt(n);
      if (value >= 1 && value <= MAX_LATEST) return value;
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("expected latest:N with N from 1 to " + MAX_LATEST + ", got \"" + shown(whole) + "\"");
  }

  private static List<String> versions(String list, String whole) {
    List<String> versions = new ArrayList<>();
    for (String v : list.split(",", -1)) {
      try {
        Identifiers.checkVersion(v.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected exact: with canonical versions like v1.2.3, got \"" + shown(whole) + "\"");
      }
      if (!versions.contains(v.trim())) versions.add(v.trim());
    }
    if (versions.size() > MAX_EXACT) {
      throw new IllegalArgumentException("expected at most " + MAX_EXACT + " exact versions, got " + versions.size());
    }
    return versions;
  }

  private static String shown(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
