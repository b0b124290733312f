package io.proxywatch.agent.probe;

import io.proxywatch.common.Identifiers;
import java.util.Objects;

/** A module path and one of its versions, as written {@code path@version}; both checked on creation. */
public record ModuleVersion(String path, String version) {
  public ModuleVersion {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    Identifiers.checkModulePath(path);
    Identifiers.checkVersion(version);
  }

  /** Parses {@code path@version}; throws IllegalArgumentException with the reason otherwise. */
  public static ModuleVersion parse(String text) {
    String trimmed = text.trim();
    int at = trimmed.lastIndexOf('@');
    if (at <= 0 || at == trimmed.length() - 1) {
      throw new IllegalArgumentException("expected path@version, got \"" + text + "\"");
    }
    return new ModuleVersion(trimmed.substring(0, at), trimmed.substring(at + 1));
  }

  @Override
  public String toString() {
    return path + "@" + version;
  }
}
