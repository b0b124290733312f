package io.proxywatch.agent.probe;

import static io.proxywatch.agent.probe.TestHttpServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.Sample;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BodyVersionsTest {
  @Test
  void aList_namesTheFirstFieldOfEachNonEmptyLine_inOrder() {
    Sample.Builder sample = list("v1.0.0\n\nv1.1.0 2025-01-01T00:00:00Z\r\n  \t\nv1.2.0-rc.1");

    assertThat(sample.getListedVersionsList()).containsExactly("v1.0.0", "v1.1.0", "v1.2.0-rc.1");
    assertThat(sample.getListTruncated()).isFalse();
  }

  @Test
  void aList_splitAcrossChunks_readsTheSame() {
    ListedVersions reader = new ListedVersions();
    for (byte b : "v1.0.0\nv1.10.0 x\n".getBytes(StandardCharsets.UTF_8)) reader.update(new byte[] {b}, 0, 1);
    Sample.Builder sample = Sample.newBuilder();
    reader.finish(sample);

    assertThat(sample.getListedVersionsList()).containsExactly("v1.0.0", "v1.10.0");
  }

  @Test
  void aHostileList_isBounded_andSaysSo() {
    String many = IntStream.range(0, ListedVersions.MAX_VERSIONS + 5).mapToObj(i -> "v1.0." + i)
        .collect(Collectors.joining("\n"));
    Sample.Builder tooMany = list(many);
    Sample.Builder tooLong = list("v1.0.0\n" + "v".repeat(200) + "\nv2.0.0\n");

    assertThat(tooMany.getListedVersionsCount()).isEqualTo(ListedVersions.MAX_VERSIONS);
    assertThat(tooMany.getListTruncated()).isTrue();
    assertThat(tooLong.getListedVersionsList()).containsExactly("v1.0.0", "v2.0.0");
    assertThat(tooLong.getListTruncated()).isTrue();
  }

  @Test
  void infoAndLatest_reportTheirVersion_andAnythingElseGivesEmpty() {
    assertThat(ReportedVersion.version("{\"Version\":\"v1.2.3\",\"Time\":\"2025-01-01T00:00:00Z\","
        + "\"Origin\":{\"VCS\":\"git\"}}")).isEqualTo("v1.2.3");
    assertThat(ReportedVersion.version("not found: example.com/x@v9.9.9")).isEmpty();
    assertThat(ReportedVersion.version("{\"Time\":\"x\"}")).isEmpty();
    assertThat(ReportedVersion.version("{\"Version\":{\"a\":1}}")).isEmpty();
    assertThat(ReportedVersion.version("[\"v1.0.0\"]")).isEmpty();
    assertThat(ReportedVersion.version("[".repeat(100_000))).isEmpty();
    assertThat(ReportedVersion.version("{\"Version\":\"" + "v".repeat(200) + "\"}")).isEmpty();
  }

  @Test
  void aProbe_recordsTheVersions_onlyFor200() throws Exception {
    try (var server = TestHttpServer.plain(head -> head.contains("/@v/list") ? Reply.ok("v1.0.0\nv1.1.0\n")
            : head.contains("@latest") ? Reply.ok("{\"Version\":\"v1.1.0\"}")
            : Reply.status(404, "Not Found", "not found: {\"Version\":\"v9\"}".getBytes(StandardCharsets.UTF_8)));
        var prober = Probes.prober()) {
      Sample listed = prober.probe(Probes.target(server.base(), Endpoint.LIST)).build();
      Sample latest = prober.probe(Probes.target(server.base(), Endpoint.LATEST)).build();
      Sample missing = prober.probe(Probes.target(server.base(), Endpoint.INFO)).build();

      assertThat(listed.getListedVersionsList()).containsExactly("v1.0.0", "v1.1.0");
      assertThat(latest.getReportedVersion()).isEqualTo("v1.1.0");
      assertThat(missing.getHttpStatus()).isEqualTo(404);
      assertThat(missing.getReportedVersion()).isEmpty();
      assertThat(missing.getContentSha256()).isNotEmpty();
    }
  }

  private static Sample.Builder list(String body) {
    ListedVersions reader = new ListedVersions();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    reader.update(bytes, 0, bytes.length);
    Sample.Builder sample = Sample.newBuilder();
    reader.finish(sample);
    return sample;
  }
}
