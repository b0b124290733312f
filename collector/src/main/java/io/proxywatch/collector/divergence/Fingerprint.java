package io.proxywatch.collector.divergence;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * What a region was served, as far as it matters for agreement: the status (or the failure class), the
 * redirect target without its query (signed URLs differ on every response), the body hash where the body
 * was read, and the ETag compared weakly (W/ noted, not compared). Two regions agree when their keys match.
 */
record Fingerprint(int status, String error, String redirect, String sha256, String etag, boolean weakEtag) {

  static Fingerprint of(Observation o) {
    String raw = o.etag() == null ? "" : o.etag();
    boolean weak = raw.startsWith("W/");
    return new Fingerprint(o.errorClass() == null ? o.status() : 0, o.errorClass() == null ? "" : o.errorClass(),
        o.status() >= 300 && o.status() < 400 ? redirectTarget(o.location(), o.url()) : "",
        o.contentSha256() == null ? "" : o.contentSha256(), weak ? raw.substring(2) : raw, weak);
  }

  /** Equal keys mean the regions agree. */
  String key() {
    return status + "|" + error + "|" + redirect + "|" + sha256 + "|" + etag;
  }

  /** Short and readable: {@code 200 sha256:ab12cd34ef56 etag:"x"}, {@code error:timeout}, {@code 302 -> https://h/p}. */
  String display() {
    if (!error.isEmpty()) return "error:" + error;
    StringBuilder out = new StringBuilder().append(status);
    if (!redirect.isEmpty()) out.append(" -> ").append(redirect);
    if (!sha256.isEmpty()) out.append(" sha256:").append(sha256, 0, Math.min(12, sha256.length()));
    if (!etag.isEmpty()) out.append(" etag:").append(weakEtag ? "W/" : "").append(etag);
    return out.toString();
  }

  /** scheme://host[:port]/path of a Location, resolved against the probed URL when relative; the raw text if unparseable. */
  static String redirectTarget(String location, String base) {
    if (location == null || location.isEmpty()) return "(none)";
    try {
      URI uri = new URI(base).resolve(new URI(location));
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      return uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
    } catch (URISyntaxException | IllegalArgumentException e) {
      int query = location.indexOf('?');
      return query < 0 ? location : location.substring(0, query);
    }
  }
}
