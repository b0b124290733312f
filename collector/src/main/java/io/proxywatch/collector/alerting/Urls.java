package io.proxywatch.collector.alerting;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** URLs for logs and messages without what may be a credential: user info, query, and (for Slack) the path. */
final class Urls {
  private Urls() {}

  static String redact(String url) {
    return url.replaceAll("//[^/@?#]*@", "//***@").replaceAll("[?#].*", "?***");
  }

  /** Also hides the path: a Slack incoming-webhook URL is itself the credential. */
  static String redactPath(String url) {
    return redact(url).replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)[/?#].*$", "$1/***");
  }

  static List<String> redact(List<URI> urls) {
    return urls.stream().map(u -> redact(u.toString())).toList();
  }

  static List<String> redactPath(List<URI> urls) {
    return urls.stream().map(u -> redactPath(u.toString())).toList();
  }

  /**
   * A channel's id: the URL's for a channel from the flags (so ids stay what they were), with the route's name appended
   * for one from a routes file (the same URL may be routed twice).
   */
  static String channelId(String kind, URI url, Route route) {
    return route.name().isEmpty() ? channelId(kind, url) : channelId(kind, url) + ":" + route.name();
  }

  /** Why a file could not be read, in words, without its content. */
  static String ioProblem(java.io.IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return e.getClass().getSimpleName().replace("Exception", " error");
  }

  /** A stable, secret-free name for a URL: {@code kind:host:8 hex of its SHA-256}. */
  static String channelId(String kind, URI url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
      return kind + ":" + url.getHost() + ":" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
