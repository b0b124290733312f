package io.proxywatch.collector.storage;

import static io.proxywatch.collector.TestSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.proxywatch.collector.MigratedDatabase;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import io.proxywatch.proto.v1.Timings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The binary COPY rows store exactly what the text rows store, column for column, on a real TimescaleDB hypertable. */
class ITBinarySampleRows {
  private static final String COLUMNS = SampleRows.COPY_SQL.substring(SampleRows.COPY_SQL.indexOf('(') + 1,
      SampleRows.COPY_SQL.indexOf(')'));
  @RegisterExtension
  static final MigratedDatabase db = new MigratedDatabase();

  @Test
  void columnCount_matchesTheCopyStatement() {
    assertThat(COLUMNS.split(",")).hasSize(BinarySampleRows.COLUMNS);
  }

  @Test
  void everyKindOfValue_isStoredAsTheTextFormatStoresIt() throws Exception {
    List<Sample> samples = List.of(
        sample("rows", "tokyo", 1),
        sample("rows", "tokyo", 2).toBuilder().setEtag("W/\"a\tb\nc\\d\r\\N\u0000e\"").setErrorMessage("x\ty")
            .setLastModified("caf\u00e9 \ud83d\ude00").setLocation("{\"quoted\"}").build(),
        sample("rows", "tokyo", 3).toBuilder().setHttpStatus(0).clearTimings()
            .setTimings(Timings.newBuilder().setDnsMicros(5)).setErrorClass(ErrorClass.ERROR_CLASS_TIMEOUT)
            .setErrorMessage("timeout").setContentSha256(ByteString.EMPTY).setAgeSeconds(0).setContentLength(7).build(),
        list(4, List.of("v1.0.0", "v1.1.0-\"odd\\", "v2.0.0+incompatible")),
        list(5, List.of()),
        list(6, List.of("v1.0.0")).toBuilder().setHttpStatus(404).build(),
        sample("rows", "tokyo", 7).toBuilder().setReportedVersion("v1.2.3").setCheckId("check-1")
            .setTarget(sample("rows", "tokyo", 7).getTarget().toBuilder().setProxy("https://goproxy.example")).build());
    try (Connection c = db.pool().getConnection(); Statement s = c.createStatement()) {
      copyText(c, samples);
      s.execute("CREATE TEMP TABLE via_text AS SELECT " + COLUMNS + " FROM samples");
      s.execute("DELETE FROM samples");
      copyBinary(c, samples);
      assertThat(count(s, "SELECT count(*) FROM samples")).isEqualTo(samples.size());
      assertThat(count(s, "SELECT count(*) FROM (SELECT " + COLUMNS + " FROM samples EXCEPT SELECT * FROM via_text) d")).isZero();
      assertThat(count(s, "SELECT count(*) FROM (SELECT * FROM via_text EXCEPT SELECT " + COLUMNS + " FROM samples) d")).isZero();
      assertThat(count(s, "SELECT cardinality(listed_versions) FROM samples WHERE sequence = 4")).isEqualTo(3);
      assertThat(count(s, "SELECT cardinality(listed_versions) FROM samples WHERE sequence = 5")).isZero();
    }
  }

  private static Sample list(long sequence, List<String> versions) {
    Sample s = sample("rows", "tokyo", sequence);
    return s.toBuilder().setTarget(Target.newBuilder(s.getTarget()).setEndpoint(EndpointKind.ENDPOINT_KIND_LIST).setVersion(""))
        .addAllListedVersions(versions).build();
  }

  private static void copyText(Connection c, List<Sample> samples) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SampleRows.COPY_SQL);
    StringBuilder rows = new StringBuilder();
    for (Sample sample : samples) SampleRows.append(rows, sample);
    SampleRows.send(copy, rows);
    copy.endCopy();
  }

  private static void copyBinary(Connection c, List<Sample> samples) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(BinarySampleRows.COPY_SQL);
    CopyBuffer rows = new CopyBuffer(4096);
    rows.header();
    for (Sample sample : samples) BinarySampleRows.append(rows, sample);
    rows.trailer();
    copy.writeToCopy(rows.array(), 0, rows.length());
    assertThat(copy.endCopy()).isEqualTo(samples.size());
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
