package io.proxywatch.sumdb;

import java.net.URI;
import java.util.Objects;

/**
 * Which checksum database to trust, given as the go command reads GOSUMDB: {@code name+hash+key [url]}, or a known
 * name alone ({@code sum.golang.org}, or its alias {@code sum.golang.google.cn}). With no url the database is at
 * {@code https://<name>}. "off" is refused: proxywatch exists to verify.
 */
public record GoSumDb(VerifierKey key, URI url) {
  /** sum.golang.org's key, as in the Go source (cmd/go/internal/modfetch/key.go). */
  public static final String SUM_GOLANG_ORG = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
  /** What the go command uses when GOSUMDB is unset. */
  public static final GoSumDb DEFAULT = parse("sum.golang.org");

  public GoSumDb {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(url, "url");
  }

  /** Parses a GOSUMDB value; the message quotes the value and says what is wrong with it. */
  public static GoSumDb parse(String value) {
    String v = Objects.requireNonNull(value, "value").strip();
    String[] f = (v.equals("sum.golang.google.cn") ? "sum.golang.org https://sum.golang.google.cn" : v).split("\\s+");
    if (f[0].equals("sum.golang.org")) {
      f[0] = SUM_GOLANG_ORG;
    }
    if (v.isEmpty() || v.equals("off")) {
      throw new IllegalArgumentException("gosumdb: expected \"name+hash+key [url]\" or a known name, got \"" + v + "\"");
    }
    if (f.length > 2) {
      throw new IllegalArgumentException("gosumdb \"" + v + "\": too many fields (expected \"name+hash+key [url]\")");
    }
    VerifierKey key;
    try {
      key = VerifierKey.parse(f[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("gosumdb: " + e.getMessage(), e);
    }
    if (!key.name().matches("[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~-]+)*")) {
      throw new IllegalArgumentException("gosumdb \"" + v + "\": name must be host[/path], got \"" + key.name() + "\"");
    }
    return new GoSumDb(key, f.length == 2 ? url(v, f[1]) : URI.create("https://" + key.name()));
  }

  private static URI url(String value, String url) {
    try {
      URI u = new URI(url);
      if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) {
        return u;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("gosumdb \"" + value + "\": url must be an http(s) URL with a host, got \"" + url + "\"");
  }

  public String name() {
    return key.name();
  }

  /** The GOSUMDB value this config reads back from. */
  @Override
  public String toString() {
    return key + " " + url;
  }
}
