package io.proxywatch.agent;

/** The agent's version: Implementation-Version from the jar manifest (the shade plugin sets it), or "dev". */
public final class SoftwareVersion {
  private SoftwareVersion() {}

  public static String get() {
    String version = SoftwareVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
