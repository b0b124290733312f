package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.Sample;
import io.proxywatch.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --proxy-auth-file against a real nginx with auth_basic in front of a GOPROXY tree. */
class PrivateProxyAuthTest {
  @TempDir
  Path dir;

  @Test
  void withoutTheFile401_withItsBasicEntry200() throws Exception {
    String hash = ChildProcess.run(List.of("openssl", "passwd", "-apr1", "s3cr3t"), Map.of(), Duration.ofSeconds(10)).trim();
    Files.writeString(dir.resolve("htpasswd"), "bob:" + hash + "\n");
    try (NginxEdge edge = NginxEdge.start(dir,
        "auth_basic \"private goproxy\"; auth_basic_user_file " + dir.resolve("htpasswd") + ";")) {
      Path file = privateFile("# corp proxy\n" + edge.base() + "/example.com/ basic bob:s3cr3t\n"
          + "https://elsewhere.example/ header X-Token: t0ken\n");

      Sample without = probe(edge, null);
      Sample with = probe(edge, GoproxyAuth.load(file, Clock.systemUTC()));

      assertThat(without.getHttpStatus()).isEqualTo(401);
      assertThat(with.getHttpStatus()).as(with.getErrorMessage()).isEqualTo(200);
      assertThat(with.getListedVersionsList()).hasSize(40);
    }
  }

  @Test
  void theLongestPrefixWins_andTheFileIsReReadAfterAMinute() throws Exception {
    Path file = privateFile("https://a.example/ header X-Token: one\nhttps://a.example/private/ header X-Token: two\n");
    MutableClock clock = new MutableClock();
    GoproxyAuth auth = GoproxyAuth.load(file, clock);
    assertThat(auth.forUrl("https://a.example/private/m/@v/list").value()).isEqualTo("two");
    assertThat(auth.forUrl("https://a.example/m/@v/list").value()).isEqualTo("one");
    assertThat(auth.forUrl("https://b.example/m/@v/list")).isNull();

    Files.writeString(file, "https://a.example/ header X-Token: three\n");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
    clock.now = clock.now.plusSeconds(59);
    assertThat(auth.forUrl("https://a.example/m").value()).isEqualTo("one");
    clock.now = clock.now.plusSeconds(1);
    assertThat(auth.forUrl("https://a.example/m").value()).isEqualTo("three");
    assertThat(auth.forUrl("https://a.example/m").toString()).doesNotContain("three");
  }

  private Path privateFile(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("proxy-auth"), text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static Sample probe(NginxEdge edge, GoproxyAuth auth) {
    try (Prober prober = new Prober(new ProbeSettings(Duration.ofSeconds(5), 1 << 20, false, 2, TrustMaterial.system(),
        "test", AcceptEncoding.GZIP, new Reach(IpFamily.ANY, Dns.SYSTEM, EgressProxy.NONE, auth)), System::nanoTime)) {
      return prober.probe(Probes.target(edge.base(), Endpoint.LIST)).build();
    }
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
