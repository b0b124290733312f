package io.proxywatch.sumdb.dirhash;

/** A module zip that breaks Go's module zip rules (size, names, prefix, duplicates) or is not a zip at all. */
public final class ModuleZipException extends Exception {
  public ModuleZipException(String message) {
    super(message);
  }

  public ModuleZipException(String message, Throwable cause) {
    super(message, cause);
  }
}
