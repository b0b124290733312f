package io.proxywatch.bench;

import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Timings;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Samples as rows of PostgreSQL's COPY text format, column for column what the collector's writer sends
 * (its encoder is package-private, so this mirrors it), for the raw-COPY baseline and the dataset generator.
 */
public final class CopyText {
  public static final String COPY_SQL = "COPY samples (time, agent_id, sequence, region, module, version, endpoint, url,"
      + " scheduled_at, method, http_status, dns_us, connect_us, tls_us, ttfb_us, total_us, etag,"
      + " last_modified, cache_control, location, content_type, age_s, content_length, edge, cache_status,"
      + " remote_address, http_protocol, tls_version, content_sha256, body_bytes, error_class, error_message)"
      + " FROM STDIN";

  private CopyText() {}

  public static void append(StringBuilder out, Sample s) {
    Timings t = s.getTimings();
    time(out, s.getStartedUnixMicros());
    text(out, s.getAgentId());
    out.append(s.getSequence()).append('\t');
    text(out, s.getRegion());
    text(out, s.getTarget().getModule());
    text(out, s.getTarget().getVersion());
    text(out, s.getTarget().getEndpoint().name().substring("ENDPOINT_KIND_".length()).toLowerCase(Locale.ROOT));
    text(out, s.getTarget().getUrl());
    time(out, s.getScheduledUnixMicros());
    text(out, s.getMethod());
    out.append(s.getHttpStatus()).append('\t');
    optional(out, t.hasDnsMicros(), t.getDnsMicros());
    optional(out, t.hasConnectMicros(), t.getConnectMicros());
    optional(out, t.hasTlsMicros(), t.getTlsMicros());
    optional(out, t.hasTtfbMicros(), t.getTtfbMicros());
    optional(out, t.hasTotalMicros(), t.getTotalMicros());
    for (String v : new String[] {s.getEtag(), s.getLastModified(), s.getCacheControl(), s.getLocation(), s.getContentType()}) {
      nullable(out, v);
    }
    optional(out, s.hasAgeSeconds(), s.getAgeSeconds());
    optional(out, s.hasContentLength(), s.getContentLength());
    for (String v : new String[] {s.getEdge(), s.getCacheStatus(), s.getRemoteAddress(), s.getHttpProtocol(), s.getTlsVersion()}) {
      nullable(out, v);
    }
    byte[] sha = s.getContentSha256().toByteArray();
    out.append(sha.length == 0 ? "\\N" : "\\\\x" + HexFormat.of().formatHex(sha)).append('\t');
    out.append(s.getBodyBytes()).append('\t');
    boolean ok = s.getErrorClass() == ErrorClass.ERROR_CLASS_NONE;
    nullable(out, ok ? "" : s.getErrorClass().name().substring("ERROR_CLASS_".length()).toLowerCase(Locale.ROOT));
    if (ok || s.getErrorMessage().isEmpty()) out.append("\\N");
    else escape(out, s.getErrorMessage());
    out.append('\n');
  }

  private static void time(StringBuilder out, long micros) {
    out.append(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)).append('\t');
  }

  private static void optional(StringBuilder out, boolean present, long value) {
    if (present) out.append(value);
    else out.append("\\N");
    out.append('\t');
  }

  private static void text(StringBuilder out, String value) {
    escape(out, value);
    out.append('\t');
  }

  private static void nullable(StringBuilder out, String value) {
    if (value.isEmpty()) out.append("\\N");
    else escape(out, value);
    out.append('\t');
  }

  static void escape(StringBuilder out, String value) {
    if (value.chars().noneMatch(c -> c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == 0)) {
      out.append(value);
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\0' -> { }
        default -> out.append(c);
      }
    }
  }
}
