package io.proxywatch.collector.storage;

import java.util.Objects;

/** How to reach the database. The password never appears in toString(). */
public record DbSettings(String url, String user, String password, int poolSize) {
  public DbSettings {
    Objects.requireNonNull(url, "url");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /** The URL with any password=... query parameter masked, for logs. */
  public String redactedUrl() {
    return redact(url);
  }

  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public String toString() {
    return "DbSettings[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
