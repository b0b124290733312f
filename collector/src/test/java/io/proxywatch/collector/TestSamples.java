package io.proxywatch.collector;

import com.google.protobuf.ByteString;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import io.proxywatch.proto.v1.Timings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Well-formed samples, as a healthy agent would send them, for tests to send or to spoil one field of. */
public final class TestSamples {
  private TestSamples() {}

  public static Sample sample(String agentId, String region, long sequence) {
    long now = System.currentTimeMillis() * 1000;
    return Sample.newBuilder()
        .setSequence(sequence).setAgentId(agentId).setRegion(region)
        .setTarget(Target.newBuilder().setModule("example.com/hello").setVersion("v1.0.0")
            .setEndpoint(EndpointKind.ENDPOINT_KIND_INFO)
            .setUrl("http://127.0.0.1:1/example.com/hello/@v/v1.0.0.info"))
        .setScheduledUnixMicros(now - 1000).setStartedUnixMicros(now - 900 + sequence)
        .setMethod("GET").setHttpStatus(200)
        .setTimings(Timings.newBuilder().setDnsMicros(10).setConnectMicros(200).setTtfbMicros(1000 + sequence % 500)
            .setTotalMicros(1500 + sequence % 500))
        .setEtag("\"abc\"").setCacheControl("public, max-age=10800").setContentType("application/json")
        .setEdge(region).setCacheStatus("HIT").setRemoteAddress("127.0.0.1:1").setHttpProtocol("http/1.1")
        .setContentSha256(ByteString.copyFrom(sha256("body"))).setBodyBytes(4)
        .build();
  }

  public static List<Sample> range(String agentId, String region, long first, long last) {
    List<Sample> samples = new ArrayList<>();
    for (long seq = first; seq <= last; seq++) samples.add(sample(agentId, region, seq));
    return samples;
  }

  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
