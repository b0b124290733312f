package io.proxywatch.bench.eval;

import com.google.protobuf.ByteString;
import io.proxywatch.bench.SyntheticSamples;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Timings;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fleet where every region is served the same thing: target i is {@link SyntheticSamples#target}'s URL i (module
 * i / 5, endpoints list, info, mod, zip, latest) reached through the region's own host, always answered 200 with the
 * same body, so the only divergences are the ones the bench injects ({@code variant} other than 0).
 */
final class FleetSamples {
  private FleetSamples() {}

  /** True when target i is a .mod: the injected divergences go there (immutable, so they fire at once). */
  static boolean isMod(int target) {
    return SyntheticSamples.target(target).getEndpoint() == EndpointKind.ENDPOINT_KIND_MOD;
  }

  static Sample sample(String agentId, String region, long sequence, int target, long startedMicros, int variant) {
    var t = SyntheticSamples.target(target);
    EndpointKind kind = t.getEndpoint();
    Sample.Builder s = Sample.newBuilder().setSequence(sequence).setAgentId(agentId).setRegion(region)
        .setTarget(t.toBuilder().setUrl(t.getUrl().replace("https://proxy.example/", "https://" + region + ".proxy.example/")))
        .setScheduledUnixMicros(startedMicros - 150).setStartedUnixMicros(startedMicros)
        .setMethod(kind == EndpointKind.ENDPOINT_KIND_ZIP ? "HEAD" : "GET").setHttpStatus(200)
        .setTimings(Timings.newBuilder().setDnsMicros(900).setConnectMicros(2_100).setTlsMicros(7_500)
            .setTtfbMicros(18_000).setTotalMicros(18_350))
        .setEtag("\"" + Integer.toHexString(target * 7919 + variant) + "\"").setCacheControl("public, max-age=10800")
        .setContentType("text/plain; charset=UTF-8").setEdge("edge-" + region).setCacheStatus("HIT")
        .setRemoteAddress("192.0.2.10:443").setHttpProtocol("h2").setTlsVersion("TLSv1.3");
    if (kind == EndpointKind.ENDPOINT_KIND_LIST) s.addListedVersions("v1.2.2").addListedVersions("v1.2.3");
    if (kind == EndpointKind.ENDPOINT_KIND_LATEST) s.setReportedVersion("v1.2.3");
    if (kind != EndpointKind.ENDPOINT_KIND_ZIP) s.setContentSha256(sha256(target, variant)).setBodyBytes(312);
    return s.build();
  }

  private static ByteString sha256(int target, int variant) {
    try {
      return ByteString.copyFrom(MessageDigest.getInstance("SHA-256")
          .digest(ByteBuffer.allocate(8).putInt(target).putInt(variant).array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
