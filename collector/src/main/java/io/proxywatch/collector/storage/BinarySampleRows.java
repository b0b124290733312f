package io.proxywatch.collector.storage;

import io.proxywatch.proto.EndpointKinds;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Timings;

/**
 * Encodes samples as rows of PostgreSQL's binary COPY format: the same columns and values as {@link SampleRows},
 * with numbers and times sent as they are stored, so the database neither parses nor unescapes them. Values
 * are length-prefixed, so no sample content can be read as a separator or as SQL.
 */
public final class BinarySampleRows {
  public static final String COPY_SQL = SampleRows.COPY_SQL + " (FORMAT binary)";
  /** The columns of {@link #COPY_SQL}, in its order. */
  public static final int COLUMNS = 36;
  /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in Unix microseconds. */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private BinarySampleRows() {}

  /** One sample as one binary COPY row. Public so the benchmark's raw-COPY baseline encodes exactly alike. */
  public static void append(CopyBuffer out, Sample s) {
    Timings t = s.getTimings();
    out.row(COLUMNS);
    time(out, s.getStartedUnixMicros());
    out.text(s.getAgentId());
    out.int8(s.getSequence());
    out.text(s.getRegion());
    out.text(s.getTarget().getModule());
    out.text(s.getTarget().getVersion());
    out.text(EndpointKinds.name(s.getTarget().getEndpoint()));
    out.text(s.getTarget().getUrl());
    time(out, s.getScheduledUnixMicros());
    out.text(s.getMethod());
    out.int2(s.getHttpStatus());
    out.optionalInt8(t.hasDnsMicros(), t.getDnsMicros());
    out.optionalInt8(t.hasConnectMicros(), t.getConnectMicros());
    out.optionalInt8(t.hasTlsMicros(), t.getTlsMicros());
    out.optionalInt8(t.hasTtfbMicros(), t.getTtfbMicros());
    out.optionalInt8(t.hasTotalMicros(), t.getTotalMicros());
    out.nullableText(s.getEtag());
    out.nullableText(s.getLastModified());
    out.nullableText(s.getCacheControl());
    out.nullableText(s.getLocation());
    out.nullableText(s.getContentType());
    out.optionalInt8(s.hasAgeSeconds(), s.getAgeSeconds());
    out.optionalInt8(s.hasContentLength(), s.getContentLength());
    out.nullableText(s.getEdge());
    out.nullableText(s.getCacheStatus());
    out.nullableText(s.getRemoteAddress());
    out.nullableText(s.getHttpProtocol());
    out.nullableText(s.getTlsVersion());
    out.nullableBytea(s.getContentSha256().toByteArray());
    out.int8(s.getBodyBytes());
    out.nullableText(SampleRows.errorName(s.getErrorClass()));
    out.nullableText(s.getErrorClass() == ErrorClass.ERROR_CLASS_NONE ? "" : s.getErrorMessage());
    out.text(s.getTarget().getProxy());
    listed(out, s);
    out.nullableText(s.getReportedVersion());
    out.nullableText(s.getCheckId());
  }

  /** The versions a list named: only for a list that answered 200, NULL otherwise. */
  private static void listed(CopyBuffer out, Sample s) {
    if (s.getTarget().getEndpoint() == EndpointKind.ENDPOINT_KIND_LIST && s.getHttpStatus() == 200) {
      out.textArray(s.getListedVersionsList());
    } else {
      out.nullField();
    }
  }

  private static void time(CopyBuffer out, long unixMicros) {
    out.int8(unixMicros - POSTGRES_EPOCH_MICROS);
  }
}
