package io.proxywatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.storage.SampleRows;
import io.proxywatch.proto.v1.Sample;
import org.junit.jupiter.api.Test;

/** The collector's COPY encoding over the bench's synthetic samples (the raw-COPY baseline and the dataset use it). */
class SampleRowsBenchTest {

  @Test
  void rowHasEveryColumnOfTheCopyStatement() {
    StringBuilder out = new StringBuilder();
    SampleRows.append(out, SyntheticSamples.sample("a-1", "tokyo", 7, 2, 1_700_000_000_000_000L));
    String row = out.toString();
    int columns = SampleRows.COPY_SQL.substring(SampleRows.COPY_SQL.indexOf('(') + 1, SampleRows.COPY_SQL.indexOf(')')).split(",").length;
    assertThat(row).endsWith("\n");
    assertThat(row.split("\t", -1)).hasSize(columns);
    assertThat(row).startsWith("2023-11-14T22:13:20Z\ta-1\t7\ttokyo\texample.com/bench/mod0\tv1.2.3\tmod\t");
  }

  @Test
  void samplesAreDeterministic() {
    Sample a = SyntheticSamples.sample("x", "tokyo", 42, 13, 1_000_000L);
    assertThat(SyntheticSamples.sample("x", "tokyo", 42, 13, 1_000_000L)).isEqualTo(a);
    assertThat(a.getTarget().getModule()).isEqualTo(SyntheticSamples.module(2));
    assertThat(SyntheticSamples.endpointName(13)).isEqualTo("zip");
  }
}
