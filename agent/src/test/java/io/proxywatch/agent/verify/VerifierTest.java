package io.proxywatch.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.agent.probe.HostPin;
import io.proxywatch.agent.probe.ProbeSettings;
import io.proxywatch.agent.probe.Prober;
import io.proxywatch.agent.probe.TrustMaterial;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import io.proxywatch.proto.v1.Verification;
import io.proxywatch.proto.v1.VerificationOutcome;
import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.testkit.Ports;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile checksum databases give an unverifiable .mod with the reason, never a verified one; a GOSUMDB pushed with
 * the target set is used only by an agent left on the default.
 */
class VerifierTest {
  @TempDir
  Path tmp;
  TinySumDb db;
  Prober prober;

  @BeforeEach
  void start() throws Exception {
    db = new TinySumDb();
    prober = new Prober(new ProbeSettings(Duration.ofSeconds(5), 1 << 20, false, 2, TrustMaterial.system(), "test"),
        System::nanoTime);
  }

  @AfterEach
  void stop() {
    db.close();
    prober.close();
  }

  /** What the agent passes: its prober's fetch. */
  private Fetcher fetcher() {
    return url -> prober.fetch(url, Duration.ofSeconds(5));
  }

  @Test
  void honestDatabase_verifies() throws Exception {
    Verification v = verify(db.vkey + " " + db.url());
    assertThat(v.getOutcome()).isEqualTo(VerificationOutcome.VERIFICATION_OUTCOME_VERIFIED);
    assertThat(v.getExpectedH1()).isEqualTo(TinySumDb.MOD_H1);
  }

  @Test
  void badSignature_wrongKey_truncatedTile_hostileLookup_databaseDown_areUnverifiableWithTheReason() throws Exception {
    String lookup = "/lookup/example.com/m@v1.0.0";
    String honest = new String(db.paths.get(lookup), StandardCharsets.UTF_8);
    int sig = honest.indexOf(' ', honest.indexOf("\u2014 ") + 2) + 20;
    String flipped = honest.substring(0, sig) + (honest.charAt(sig) == 'A' ? 'B' : 'A') + honest.substring(sig + 1);
    assertUnverifiable(db.vkey, lookup, flipped, "sumdb_bad_signature");
    assertUnverifiable(TinySumDb.otherKey(), lookup, honest, "sumdb_unknown_key");
    assertUnverifiable(db.vkey, "/tile/8/0/000.p/2", "short", "sumdb_malformed", "sumdb_inconsistent");
    assertUnverifiable(db.vkey, lookup, "<html>502 Bad Gateway</html>\n", "sumdb_malformed");
    assertThat(verify(db.vkey + " http://127.0.0.1:" + Ports.free()).getReason()).isEqualTo("sumdb_unavailable");
  }

  private void assertUnverifiable(String vkey, String path, String body, String... reasons) throws Exception {
    byte[] before = db.paths.put(path, body.getBytes(StandardCharsets.UTF_8));
    try {
      Verification v = verify(vkey + " " + db.url());
      assertThat(v.getOutcome()).as(path).isEqualTo(VerificationOutcome.VERIFICATION_OUTCOME_UNVERIFIABLE);
      assertThat(v.getReason()).as(path + ": " + v.getDetail()).isIn((Object[]) reasons);
      assertThat(v.getExpectedH1()).isEmpty();
    } finally {
      db.paths.put(path, before);
    }
  }

  @Test
  void pushedGoSumDb_replacesTheDefault_butNotADatabaseTheAgentWasGiven() throws Exception {
    String pushed = db.vkey + " " + db.url();
    assertThat(verify("sum.golang.org", pushed).getOutcome())
        .isEqualTo(VerificationOutcome.VERIFICATION_OUTCOME_VERIFIED);
    assertThat(verify(TinySumDb.otherKey() + " " + db.url(), pushed).getReason()).isEqualTo("sumdb_unknown_key");
  }

  @Test
  void aZipsBodyHash_isLentToLaterHeadProbesOfTheSameZip_only_andTheZipIsReadTheWayProbesReachTheProxy() throws Exception {
    byte[] zip = zip(TinySumDb.MODULE + "@" + TinySumDb.VERSION + "/go.mod", "module example.com/m\n");
    String path = "/" + TinySumDb.MODULE + "/@v/" + TinySumDb.VERSION + ".zip";
    db.paths.put(path, zip);
    db.etags.put(path, "\"e1\"");
    BlockingQueue<Sample.Builder> out = new LinkedBlockingQueue<>();
    try (Verifier verifier = new Verifier(VerifyConfig.against(GoSumDb.parse(db.vkey + " " + db.url())), db.url(), tmp,
        fetcher(), out::add, Clock.systemUTC())) {
      // The probe's URL names a host that does not exist: only the prober's --connect-to pin reaches the server.
      prober.pins(List.of(HostPin.of("proxy.invalid:80", "127.0.0.1:" + java.net.URI.create(db.url()).getPort())));
      Sample.Builder before = zipProbe("\"e1\"", zip.length);
      verifier.lendBodyHash(before);
      assertThat(before.getContentSha256().isEmpty()).as("nothing read yet").isTrue();
      verifier.observe(zipProbe("\"e1\"", zip.length).build());
      Sample.Builder record = out.poll(20, TimeUnit.SECONDS);
      assertThat(record).as("a verification record").isNotNull();
      assertThat(record.getVerification().getOutcome()).isEqualTo(VerificationOutcome.VERIFICATION_OUTCOME_MISMATCH);

      byte[] sha = MessageDigest.getInstance("SHA-256").digest(zip);
      Sample.Builder same = zipProbe("\"e1\"", zip.length);
      verifier.lendBodyHash(same);
      assertThat(same.getContentSha256().toByteArray()).isEqualTo(sha);
      for (Sample.Builder other : List.of(zipProbe("\"e2\"", zip.length), zipProbe("W/\"e1\"", zip.length),
          zipProbe("\"e1\"", zip.length + 1), zipProbe("\"e1\"", zip.length).setHttpStatus(404),
          zipProbe("\"e1\"", zip.length).setTarget(Target.newBuilder(same.getTarget()).setVersion("v1.0.1")))) {
        verifier.lendBodyHash(other);
        assertThat(other.getContentSha256().isEmpty()).as(other.toString()).isTrue();
      }
    }
  }

  private Sample.Builder zipProbe(String etag, long length) {
    return Sample.newBuilder().setTarget(Target.newBuilder().setProxy(db.url()).setModule(TinySumDb.MODULE)
            .setVersion(TinySumDb.VERSION).setEndpoint(EndpointKind.ENDPOINT_KIND_ZIP)
            .setUrl("http://proxy.invalid/" + TinySumDb.MODULE + "/@v/" + TinySumDb.VERSION + ".zip"))
        .setMethod("HEAD").setHttpStatus(200).setEtag(etag).setContentLength(length);
  }

  private static byte[] zip(String name, String content) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private Verification verify(String gosumdb) throws Exception {
    return verify(gosumdb, "");
  }

  /** A fresh verifier (no cached tiles), told {@code pushed}, verifying one .mod probe; its record. */
  private Verification verify(String gosumdb, String pushed) throws Exception {
    BlockingQueue<Sample.Builder> out = new LinkedBlockingQueue<>();
    try (Verifier verifier = new Verifier(VerifyConfig.against(GoSumDb.parse(gosumdb)), db.url(), tmp, fetcher(),
        out::add, Clock.systemUTC())) {
      verifier.pushed(pushed);
      verifier.observe(Sample.newBuilder().setTarget(Target.newBuilder().setProxy(db.url()).setModule("example.com/m")
          .setVersion("v1.0.0").setEndpoint(EndpointKind.ENDPOINT_KIND_MOD)).setHttpStatus(200).setGoModH1(TinySumDb.MOD_H1).build());
      Sample.Builder record = out.poll(20, TimeUnit.SECONDS);
      assertThat(record).as("a verification record").isNotNull();
      return record.getVerification();
    }
  }
}
