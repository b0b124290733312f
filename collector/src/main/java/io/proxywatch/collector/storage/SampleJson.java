package io.proxywatch.collector.storage;

import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One samples row as the REST API shows it. */
final class SampleJson {
  private SampleJson() {}

  static JsonObject of(ResultSet rs) throws SQLException {
    return new JsonObject()
        .put("time", ReadQueries.instant(rs.getTimestamp("time")))
        .put("agent_id", rs.getString("agent_id"))
        .put("sequence", rs.getLong("sequence"))
        .put("region", rs.getString("region"))
        .put("module", rs.getString("module"))
        .put("version", rs.getString("version"))
        .put("endpoint", rs.getString("endpoint"))
        .put("url", rs.getString("url"))
        .put("scheduled_at", ReadQueries.instant(rs.getTimestamp("scheduled_at")))
        .put("method", rs.getString("method"))
        .put("status", rs.getInt("http_status"))
        .put("timings_us", timings(rs))
        .put("etag", rs.getString("etag"))
        .put("last_modified", rs.getString("last_modified"))
        .put("cache_control", rs.getString("cache_control"))
        .put("location", rs.getString("location"))
        .put("content_type", rs.getString("content_type"))
        .put("age_s", nullableLong(rs, "age_s"))
        .put("content_length", nullableLong(rs, "content_length"))
        .put("edge", rs.getString("edge"))
        .put("cache_status", rs.getString("cache_status"))
        .put("remote_address", rs.getString("remote_address"))
        .put("http_protocol", rs.getString("http_protocol"))
        .put("tls_version", rs.getString("tls_version"))
        .put("content_sha256", ReadQueries.hex(rs.getBytes("content_sha256")))
        .put("body_bytes", rs.getLong("body_bytes"))
        .put("error", error(rs));
  }

  private static JsonObject timings(ResultSet rs) throws SQLException {
    return new JsonObject()
        .put("dns", nullableLong(rs, "dns_us"))
        .put("connect", nullableLong(rs, "connect_us"))
        .put("tls", nullableLong(rs, "tls_us"))
        .put("ttfb", nullableLong(rs, "ttfb_us"))
        .put("total", nullableLong(rs, "total_us"));
  }

  private static JsonObject error(ResultSet rs) throws SQLException {
    String errorClass = rs.getString("error_class");
    return errorClass == null ? null
        : new JsonObject().put("class", errorClass).put("message", rs.getString("error_message"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
