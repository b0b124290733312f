package io.proxywatch.collector.ingest;

import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Timings;
import java.time.Clock;
import io.proxywatch.common.Identifiers;
import io.proxywatch.proto.EndpointKinds;
import java.time.Duration;

/**
 * Checks every field an agent sends against the contract in ingest.proto, so that nothing out of range
 * reaches the database. Limits are generous for honest agents and tight enough that one hostile sample
 * cannot bloat storage or poison queries.
 */
final class MessageValidator {
  private static final int MAX_TEXT = 8192;
  private static final long MAX_TIMING_MICROS = Duration.ofHours(1).toNanos() / 1000;
  private static final long MAX_PAST_MICROS = Duration.ofDays(30).toNanos() / 1000;
  private static final long MAX_FUTURE_MICROS = Duration.ofHours(1).toNanos() / 1000;

  private final Clock clock;

  MessageValidator(Clock clock) {
    this.clock = clock;
  }

  void hello(Hello hello) throws InvalidInputException {
    check(Identifiers.isAgentId(hello.getAgentId()), "hello.agent_id", hello.getAgentId(), Identifiers.AGENT_ID_RULE);
    check(Identifiers.isRegion(hello.getRegion()), "hello.region", hello.getRegion(), Identifiers.REGION_RULE);
    check(hello.getSoftwareVersion().length() <= 64, "hello.software_version", hello.getSoftwareVersion(), "at most 64 characters");
  }

  /** Validates one sample of a stream that said Hello as agentId/region; returns it with those filled in. */
  Sample sample(Sample s, String agentId, String region) throws InvalidInputException {
    if (!s.getAgentId().isEmpty() && !s.getAgentId().equals(agentId)) throw invalid("sample.agent_id", s.getAgentId(), "the stream's agent id " + agentId);
    if (!s.getRegion().isEmpty() && !s.getRegion().equals(region)) throw invalid("sample.region", s.getRegion(), "the stream's region " + region);
    if (s.getSequence() < 1) throw invalid("sample.sequence", s.getSequence(), ">= 1");
    target(s);
    times(s);
    check(s.getMethod().equals("GET") || s.getMethod().equals("HEAD"), "sample.method", s.getMethod(), "GET or HEAD");
    if (s.getHttpStatus() < 0 || s.getHttpStatus() > 999) throw invalid("sample.http_status", s.getHttpStatus(), "0-999");
    timings(s.getTimings());
    headers(s);
    int sha256 = s.getContentSha256().size();
    if (sha256 != 0 && sha256 != 32) throw invalid("sample.content_sha256", sha256 + " bytes", "empty or 32 bytes");
    if (s.getBodyBytes() < 0) throw invalid("sample.body_bytes", s.getBodyBytes(), ">= 0");
    if (s.getErrorClass() == ErrorClass.UNRECOGNIZED) throw invalid("sample.error_class", s.getErrorClassValue(), "a known ErrorClass");
    reported(s);
    text("sample.target.proxy", s.getTarget().getProxy(), 0, 1024);
    RecordValidator.check(s);
    return s.getAgentId().isEmpty() || s.getRegion().isEmpty() ? s.toBuilder().setAgentId(agentId).setRegion(region).build() : s;
  }

  /** What a list or .info/@latest reported, and the check a sample answered. */
  private static void reported(Sample s) throws InvalidInputException {
    if (s.getListedVersionsCount() > 2000) throw invalid("sample.listed_versions", s.getListedVersionsCount() + " versions", "at most 2000");
    for (String v : s.getListedVersionsList()) text("sample.listed_versions[]", v, 1, 128);
    text("sample.reported_version", s.getReportedVersion(), 0, 128);
    if (!s.getCheckId().isEmpty() && !Identifiers.isAgentId(s.getCheckId())) {
      throw invalid("sample.check_id", s.getCheckId(), "empty or " + Identifiers.AGENT_ID_RULE);
    }
  }

  private static void target(Sample s) throws InvalidInputException {
    check(s.hasTarget(), "sample.target", "absent", "present");
    EndpointKind kind = s.getTarget().getEndpoint();
    if (!EndpointKinds.known().contains(kind)) throw invalid("sample.target.endpoint", s.getTarget().getEndpointValue(), "a known EndpointKind");
    text("sample.target.module", s.getTarget().getModule(), 1, 512);
    text("sample.target.version", s.getTarget().getVersion(), 0, 256);
    text("sample.target.url", s.getTarget().getUrl(), 1, 4096);
  }

  private void times(Sample s) throws InvalidInputException {
    long now = clock.millis() * 1000;
    inWindow("sample.started_unix_micros", s.getStartedUnixMicros(), now);
    inWindow("sample.scheduled_unix_micros", s.getScheduledUnixMicros(), now);
  }

  private static void inWindow(String field, long micros, long now) throws InvalidInputException {
    if (micros < now - MAX_PAST_MICROS || micros > now + MAX_FUTURE_MICROS) {
      throw invalid(field, micros, "within 30 days before and 1 hour after the collector's clock");
    }
  }

  private static void timings(Timings t) throws InvalidInputException {
    timing("dns_micros", t.hasDnsMicros(), t.getDnsMicros());
    timing("connect_micros", t.hasConnectMicros(), t.getConnectMicros());
    timing("tls_micros", t.hasTlsMicros(), t.getTlsMicros());
    timing("ttfb_micros", t.hasTtfbMicros(), t.getTtfbMicros());
    timing("total_micros", t.hasTotalMicros(), t.getTotalMicros());
  }

  private static void timing(String name, boolean present, long value) throws InvalidInputException {
    if (present && (value < 0 || value > MAX_TIMING_MICROS)) throw invalid("sample.timings." + name, value, "0 to 3600000000");
  }

  private static void headers(Sample s) throws InvalidInputException {
    text("sample.etag", s.getEtag(), 0, MAX_TEXT);
    text("sample.last_modified", s.getLastModified(), 0, MAX_TEXT);
    text("sample.cache_control", s.getCacheControl(), 0, MAX_TEXT);
    text("sample.location", s.getLocation(), 0, MAX_TEXT);
    text("sample.content_type", s.getContentType(), 0, MAX_TEXT);
    text("sample.edge", s.getEdge(), 0, MAX_TEXT);
    text("sample.cache_status", s.getCacheStatus(), 0, MAX_TEXT);
    text("sample.remote_address", s.getRemoteAddress(), 0, 256);
    text("sample.http_protocol", s.getHttpProtocol(), 0, 32);
    text("sample.tls_version", s.getTlsVersion(), 0, 32);
    text("sample.error_message", s.getErrorMessage(), 0, MAX_TEXT);
    if (s.hasAgeSeconds() && s.getAgeSeconds() < 0) throw invalid("sample.age_seconds", s.getAgeSeconds(), ">= 0");
    if (s.hasContentLength() && s.getContentLength() < 0) throw invalid("sample.content_length", s.getContentLength(), ">= 0");
  }

  static void text(String field, String value, int min, int max) throws InvalidInputException {
    if (value.length() < min || value.length() > max) throw invalid(field, value.length() + " characters", min + "-" + max + " characters");
  }

  /** For checks whose message costs nothing to build; the others throw {@link #invalid} themselves, only on failure. */
  static void check(boolean ok, String field, Object got, String expected) throws InvalidInputException {
    if (!ok) throw invalid(field, got, expected);
  }

  static InvalidInputException invalid(String field, Object got, String expected) {
    String shown = String.valueOf(got);
    if (shown.length() > 80) shown = shown.substring(0, 80) + "...";
    return new InvalidInputException(field + ": expected " + expected + ", got \"" + shown + "\"");
  }
}
