package io.proxywatch.collector.divergence;

import io.proxywatch.collector.storage.SampleRows;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Makes {@link RegionAnswer}s from committed samples and from rows of the samples table alike, reading each field as
 * the database stores it (an empty ETag, location or failure class is NULL; a list's versions only on a 200), so the
 * table built from commits equals the one rebuilt from the database.
 */
final class Answers {
  final Names agents = new Names();
  private final Names hosts = new Names();
  private final Names errors = new Names();
  private final Names versions = new Names();

  RegionAnswer of(Sample s, long receivedMicros, TargetRow row) {
    boolean listed = s.getTarget().getEndpoint() == EndpointKind.ENDPOINT_KIND_LIST && s.getHttpStatus() == 200;
    String error = SampleRows.errorName(s.getErrorClass());
    byte[] sha = s.getContentSha256().isEmpty() ? null : s.getContentSha256().toByteArray();
    return answer(row, agents.id(s.getAgentId()), s.getSequence(), s.getStartedUnixMicros(), receivedMicros,
        s.getHttpStatus(), error, s.getTarget().getUrl(), s.getEtag(), s.getLocation(), sha,
        listed ? s.getListedVersionsList() : null, s.getReportedVersion());
  }

  /** A row of the rebuild query (the fresh query's columns plus agent_time and received_at). */
  RegionAnswer of(ResultSet rs, TargetRow row) throws SQLException {
    Array listed = rs.getArray("listed_versions");
    String reported = rs.getString("reported_version");
    return answer(row, agents.id(rs.getString("agent_id")), rs.getLong("sequence"), micros(rs, "agent_time"),
        micros(rs, "received_at"), rs.getInt("http_status"), rs.getString("error_class"), rs.getString("url"),
        rs.getString("etag"), rs.getString("location"), rs.getBytes("content_sha256"),
        listed == null ? null : List.of((String[]) listed.getArray()), reported == null ? "" : reported);
  }

  private RegionAnswer answer(TargetRow row, int agent, long sequence, long time, long received, int status,
                              String error, String url, String etag, String location, byte[] sha,
                              List<String> listed, String reported) {
    int scheme = url.indexOf("://");
    int path = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
    if (path < 0) path = url.length();
    return new RegionAnswer(agent, sequence, time, received, status, blankToNull(error) == null ? null : errors.shared(error),
        hosts.shared(url.substring(0, path)), row.shared(url.substring(path), a -> a.urlPath),
        row.shared(blankToNull(etag), a -> a.etag), blankToNull(location), sha,
        row.shared(listed == null ? null : List.copyOf(listed), a -> a.listedVersions),
        reported.isEmpty() ? "" : versions.shared(reported));
  }

  private static long micros(ResultSet rs, String column) throws SQLException {
    java.time.Instant t = rs.getTimestamp(column).toInstant();
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
