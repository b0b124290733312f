package io.proxywatch.collector.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/** How to reach the database. The password never appears in toString(). */
public record DbSettings(String url, String user, String password, int poolSize) {
  public DbSettings {
    Objects.requireNonNull(url, "url");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /**
   * The JDBC driver properties of every proxywatch connection: credentials (when not in the URL), a 5 s connect
   * timeout, TCP keep-alive, this socket timeout and the application name {@code proxywatch-NAME} (seen in
   * pg_stat_activity).
   */
  public Properties connectionProperties(String name, Duration socketTimeout) {
    Properties properties = new Properties();
    if (!user.isEmpty()) properties.setProperty("user", user);
    if (!password.isEmpty()) properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toSeconds()));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("ApplicationName", "proxywatch-" + name);
    return properties;
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
