package io.proxywatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbeLabelsTest {
  @Test
  void outcome_isTheFailureClassOrTheStatusClass() {
    assertThat(ProbeLabels.outcome(200, "ERROR_CLASS_NONE")).isEqualTo("ok");
    assertThat(ProbeLabels.outcome(302, "ERROR_CLASS_NONE")).isEqualTo("ok");
    assertThat(ProbeLabels.outcome(404, "ERROR_CLASS_NONE")).isEqualTo("http_4xx");
    assertThat(ProbeLabels.outcome(503, "ERROR_CLASS_NONE")).isEqualTo("http_5xx");
    assertThat(ProbeLabels.outcome(0, "ERROR_CLASS_TIMEOUT")).isEqualTo("timeout");
    assertThat(ProbeLabels.outcome(200, "ERROR_CLASS_PROTOCOL")).isEqualTo("protocol");
  }

  @Test
  void endpoint_isTheLowerCaseKind() {
    assertThat(ProbeLabels.endpoint("ENDPOINT_KIND_LATEST")).isEqualTo("latest");
    assertThat(ProbeLabels.endpoint("ZIP")).isEqualTo("zip");
  }

  @Test
  void proxy_emptyIsDefault_andDistinctValuesAreCapped() {
    ProbeLabels labels = new ProbeLabels();
    assertThat(labels.proxy("")).isEqualTo("default");
    IntStream.range(1, ProbeLabels.MAX_PROXIES).forEach(i -> assertThat(labels.proxy("p" + i)).isEqualTo("p" + i));
    assertThat(labels.proxy("one-too-many")).isEqualTo("other");
    assertThat(labels.proxy("p3")).isEqualTo("p3");
  }
}
