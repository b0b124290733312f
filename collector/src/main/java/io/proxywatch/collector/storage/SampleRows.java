package io.proxywatch.collector.storage;

import io.proxywatch.proto.EndpointKinds;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Timings;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.postgresql.copy.CopyIn;

/**
 * Encodes samples as rows of PostgreSQL's COPY text format. Every value is escaped here, so no sample
 * content can ever be read as SQL or as a column or row separator.
 */
public final class SampleRows {
  public static final String COPY_SQL = "COPY samples (time, agent_id, sequence, region, module, version, endpoint, url,"
      + " scheduled_at, method, http_status, dns_us, connect_us, tls_us, ttfb_us, total_us, etag,"
      + " last_modified, cache_control, location, content_type, age_s, content_length, edge, cache_status,"
      + " remote_address, http_protocol, tls_version, content_sha256, body_bytes, error_class, error_message, proxy,"
      + " listed_versions, reported_version, check_id)"
      + " FROM STDIN";

  private SampleRows() {}

  /** Sends the rows encoded in {@code rows} to an open COPY as UTF-8, then empties the buffer. */
  public static void send(CopyIn copy, StringBuilder rows) throws SQLException {
    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    rows.setLength(0);
  }

  /** One sample as one COPY row, newline included. Public so the benchmark's raw-COPY baseline encodes exactly alike. */
  public static void append(StringBuilder out, Sample s) {
    Timings t = s.getTimings();
    time(out, s.getStartedUnixMicros());
    text(out, s.getAgentId());
    number(out, s.getSequence());
    text(out, s.getRegion());
    text(out, s.getTarget().getModule());
    text(out, s.getTarget().getVersion());
    text(out, EndpointKinds.name(s.getTarget().getEndpoint()));
    text(out, s.getTarget().getUrl());
    time(out, s.getScheduledUnixMicros());
    text(out, s.getMethod());
    number(out, s.getHttpStatus());
    optional(out, t.hasDnsMicros(), t.getDnsMicros());
    optional(out, t.hasConnectMicros(), t.getConnectMicros());
    optional(out, t.hasTlsMicros(), t.getTlsMicros());
    optional(out, t.hasTtfbMicros(), t.getTtfbMicros());
    optional(out, t.hasTotalMicros(), t.getTotalMicros());
    nullable(out, s.getEtag());
    nullable(out, s.getLastModified());
    nullable(out, s.getCacheControl());
    nullable(out, s.getLocation());
    nullable(out, s.getContentType());
    optional(out, s.hasAgeSeconds(), s.getAgeSeconds());
    optional(out, s.hasContentLength(), s.getContentLength());
    nullable(out, s.getEdge());
    nullable(out, s.getCacheStatus());
    nullable(out, s.getRemoteAddress());
    nullable(out, s.getHttpProtocol());
    nullable(out, s.getTlsVersion());
    bytes(out, s.getContentSha256().toByteArray());
    number(out, s.getBodyBytes());
    nullable(out, errorName(s.getErrorClass()));
    nullable(out, s.getErrorClass() == ErrorClass.ERROR_CLASS_NONE ? "" : s.getErrorMessage());
    text(out, s.getTarget().getProxy());
    array(out, s.getListedVersionsList(), s.getTarget().getEndpoint() == EndpointKind.ENDPOINT_KIND_LIST && s.getHttpStatus() == 200);
    nullable(out, s.getReportedVersion());
    last(out, s.getCheckId());
  }

  /** A text[] in COPY text format: NULL when absent, else {"a","b"} with each element quoted and escaped. */
  private static void array(StringBuilder out, List<String> values, boolean present) {
    if (!present) {
      out.append("\\N\t");
      return;
    }
    StringBuilder literal = new StringBuilder().append('{');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) literal.append(',');
      literal.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    text(out, literal.append('}').toString());
  }

  /** dns, connect, tls, timeout, http, protocol; empty for a successful probe (stored as NULL). */
  public static String errorName(ErrorClass errorClass) {
    return errorClass == ErrorClass.ERROR_CLASS_NONE
        ? "" : errorClass.name().substring("ERROR_CLASS_".length()).toLowerCase(Locale.ROOT);
  }

  private static void time(StringBuilder out, long unixMicros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(unixMicros, 1_000_000L),
        Math.floorMod(unixMicros, 1_000_000L) * 1_000L);
    out.append(instant).append('\t');
  }

  private static void number(StringBuilder out, long value) {
    out.append(value).append('\t');
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

  private static void bytes(StringBuilder out, byte[] value) {
    if (value.length == 0) out.append("\\N");
    else out.append("\\\\x").append(HexFormat.of().formatHex(value));
    out.append('\t');
  }

  private static void last(StringBuilder out, String value) {
    if (value.isEmpty()) out.append("\\N");
    else escape(out, value);
    out.append('\n');
  }

  /** True when nothing in the value needs escaping: the common case, appended in one go. */
  private static boolean plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0') return false;
    }
    return true;
  }

  /** COPY text escaping; NUL cannot be stored in PostgreSQL text at all and is dropped. */
  private static void escape(StringBuilder out, String value) {
    if (plain(value)) {
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
