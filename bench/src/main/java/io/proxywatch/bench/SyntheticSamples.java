package io.proxywatch.bench;

import com.google.protobuf.ByteString;
import io.proxywatch.proto.EndpointKinds;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import io.proxywatch.proto.v1.Timings;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Deterministic, realistic samples: the same (agent, sequence) always gives the same sample, so the ingest
 * benchmark's raw-COPY baseline can write exactly the rows the agents sent. URL i of {@code urls} is module
 * i / 5 and endpoint i % 5 (list, info, mod, zip, latest); about 1 in 200 probes fails.
 */
public final class SyntheticSamples {
  private static final List<EndpointKind> KINDS = EndpointKinds.known();

  private SyntheticSamples() {}

  public static String module(int moduleIndex) {
    return "example.com/bench/mod" + moduleIndex;
  }

  public static String endpointName(int urlIndex) {
    return EndpointKinds.name(KINDS.get(urlIndex % 5));
  }

  public static Target target(int urlIndex) {
    EndpointKind kind = KINDS.get(urlIndex % 5);
    String module = module(urlIndex / 5);
    String version = EndpointKinds.perVersion(kind) ? "v1.2.3" : "";
    return Target.newBuilder().setModule(module).setVersion(version)
        .setEndpoint(kind).setUrl("https://proxy.example/" + module + EndpointKinds.path(kind, version)).build();
  }

  /** The sample {@code sequence} of an agent, probing URL {@code urlIndex}, started at {@code startedMicros}. */
  public static Sample sample(String agentId, String region, long sequence, int urlIndex, long startedMicros) {
    long h = mix(sequence * 31 + urlIndex + agentId.hashCode() * 1_000_003L);
    int kind = urlIndex % 5;
    boolean failed = Math.floorMod(h, 200) == 0;
    long ttfb = 8_000 + Math.floorMod(h >>> 8, 40_000) + (Math.floorMod(h >>> 24, 100) == 0 ? 400_000 : 0);
    Sample.Builder s = Sample.newBuilder().setSequence(sequence).setAgentId(agentId).setRegion(region)
        .setTarget(target(urlIndex)).setScheduledUnixMicros(startedMicros - 150).setStartedUnixMicros(startedMicros)
        .setMethod(kind == 3 ? "HEAD" : "GET");
    if (failed) {
      return s.setTimings(Timings.newBuilder().setDnsMicros(900).setConnectMicros(2_100))
          .setErrorClass(ErrorClass.ERROR_CLASS_TIMEOUT).setErrorMessage("timeout after 70s while reading headers")
          .setRemoteAddress("192.0.2.10:443").build();
    }
    return s.setHttpStatus(200)
        .setTimings(Timings.newBuilder().setDnsMicros(900).setConnectMicros(2_100).setTlsMicros(7_500)
            .setTtfbMicros(ttfb).setTotalMicros(ttfb + 350))
        .setEtag(kind == 2 || kind == 3 ? "\"" + Long.toHexString(urlIndex * 7919L) + "\"" : "")
        .setLastModified("Tue, 03 Sep 2024 18:25:10 GMT").setCacheControl("public, max-age=10800")
        .setContentType(kind == 3 ? "application/zip" : "text/plain; charset=UTF-8")
        .setAgeSeconds(Math.floorMod(h >>> 16, 3600)).setContentLength(kind == 3 ? 48_213 : 312)
        .setEdge("edge-" + region).setCacheStatus("HIT").setRemoteAddress("192.0.2.10:443")
        .setHttpProtocol("h2").setTlsVersion("TLSv1.3")
        .setContentSha256(kind == 3 ? ByteString.EMPTY : sha256(urlIndex)).setBodyBytes(kind == 3 ? 0 : 312).build();
  }

  private static ByteString sha256(int urlIndex) {
    try {
      return ByteString.copyFrom(MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(4).putInt(urlIndex).array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SplitMix64 finaliser: a cheap deterministic hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
