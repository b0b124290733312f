package io.proxywatch.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's top folder (where scripts/ is), from PROXYWATCH_REPO_ROOT (set by Surefire) or by walking up. */
public final class RepoRoot {
  private RepoRoot() {}

  public static Path path() {
    String configured = System.getenv("PROXYWATCH_REPO_ROOT");
    if (configured != null && Files.isDirectory(Path.of(configured, "scripts"))) return Path.of(configured);
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("scripts"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("cannot find the repository root (no scripts/ above " + Path.of("").toAbsolutePath() + ")");
    return dir;
  }

  /** The path of a script in scripts/. */
  public static Path script(String name) {
    return path().resolve("scripts").resolve(name);
  }
}
