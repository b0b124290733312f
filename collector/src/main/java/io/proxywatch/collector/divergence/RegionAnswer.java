package io.proxywatch.collector.divergence;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One region's latest answer for one target, as compact as it can be kept for a fleet: ids for agent and failure
 * class, the body hash as four longs, the URL as a shared host and a path shared across regions. {@code timeMicros}
 * is the agent's own clock and {@code receivedMicros} the database's; {@link #seenAtMicros} puts them on the trusted
 * clock exactly as {@link EpisodeStore#SEEN_AT} does, with the agent's skew as it is measured now.
 */
final class RegionAnswer {
  final int agent;
  final long sequence;
  final long timeMicros;
  final long receivedMicros;
  final int status;
  final String errorClass;
  final String urlHost;
  final String urlPath;
  final String etag;
  final String location;
  private final boolean hasSha;
  private final long sha0;
  private final long sha1;
  private final long sha2;
  private final long sha3;
  final List<String> listedVersions;
  final String reportedVersion;
  /** The second whose deadline bucket holds this answer's current entry ({@link DeadlineIndex}). */
  long indexedSecond;

  RegionAnswer(int agent, long sequence, long timeMicros, long receivedMicros, int status, String errorClass,
               String urlHost, String urlPath, String etag, String location, byte[] sha256,
               List<String> listedVersions, String reportedVersion) {
    this.agent = agent;
    this.sequence = sequence;
    this.timeMicros = timeMicros;
    this.receivedMicros = receivedMicros;
    this.status = status;
    this.errorClass = errorClass;
    this.urlHost = urlHost;
    this.urlPath = urlPath;
    this.etag = etag;
    this.location = location;
    this.hasSha = sha256 != null && sha256.length == 32;
    ByteBuffer sha = ByteBuffer.wrap(hasSha ? sha256 : new byte[32]);
    this.sha0 = sha.getLong();
    this.sha1 = sha.getLong();
    this.sha2 = sha.getLong();
    this.sha3 = sha.getLong();
    this.listedVersions = listedVersions;
    this.reportedVersion = reportedVersion;
  }

  /** LEAST(received_at, time + skew): when it was taken on a clock the collector trusts. */
  long seenAtMicros(long skewMicros) {
    return Math.min(receivedMicros, timeMicros + skewMicros);
  }

  /** Whether this answer comes later than {@code other} in the order the fresh query picks by (seen_at, sequence). */
  boolean after(RegionAnswer other, long skewMicros, long otherSkewMicros) {
    long seen = seenAtMicros(skewMicros);
    long otherSeen = other.seenAtMicros(otherSkewMicros);
    return seen != otherSeen ? seen > otherSeen : sequence > other.sequence;
  }

  /**
   * Whether {@code other} tells the same as this as far as any comparison reads it (status, failure, redirect, body
   * hash, ETag, listed and reported versions, URL): only who probed and when differ. Replacing an answer by one that
   * tells the same cannot change how a target without an open episode compares.
   */
  boolean tellsSameAs(RegionAnswer other) {
    return status == other.status && java.util.Objects.equals(errorClass, other.errorClass) && hasSha == other.hasSha
        && sha0 == other.sha0 && sha1 == other.sha1 && sha2 == other.sha2 && sha3 == other.sha3
        && java.util.Objects.equals(etag, other.etag) && java.util.Objects.equals(location, other.location)
        && java.util.Objects.equals(listedVersions, other.listedVersions)
        && reportedVersion.equals(other.reportedVersion) && urlHost.equals(other.urlHost) && urlPath.equals(other.urlPath);
  }

  String url() {
    return urlHost + urlPath;
  }

  /** The failure class RegionTally counts this answer under, or null when it was answered without a server error. */
  String failure() {
    if (errorClass != null && !errorClass.isEmpty()) return errorClass;
    return status >= 500 ? "5xx" : null;
  }

  Observation observation(TargetKey target, String region, String agentId, long skewMicros) {
    long seen = seenAtMicros(skewMicros);
    Instant time = Instant.ofEpochSecond(Math.floorDiv(seen, 1_000_000L), Math.floorMod(seen, 1_000_000L) * 1_000L);
    return new Observation(target, region, agentId, sequence, time, url(), status, errorClass, etag, location,
        hasSha ? HexFormat.of().formatHex(sha()) : null, listedVersions, reportedVersion);
  }

  private byte[] sha() {
    return ByteBuffer.allocate(32).putLong(sha0).putLong(sha1).putLong(sha2).putLong(sha3).array();
  }
}
