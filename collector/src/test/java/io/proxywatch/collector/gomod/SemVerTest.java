package io.proxywatch.collector.gomod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order the go command gives versions (cases from golang.org/x/mod/semver's tests). */
class SemVerTest {
  @Test
  void sortsAsTheGoCommandDoes() {
    List<String> versions = new ArrayList<>(List.of("v1.0.0", "v1.0.0-rc.1", "v0.9.0", "v1.0.0-alpha", "v1.0.0-alpha.1",
        "v1.0.0-alpha.beta", "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.2.0", "v1.10.0", "junk", "v2.0.0+incompatible"));
    versions.sort(SemVer.ORDER);
    assertThat(versions).containsExactly("junk", "v0.9.0", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta",
        "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.2.0", "v1.10.0", "v2.0.0+incompatible");
  }

  @Test
  void rejectsWhatIsNotSemver() {
    assertThat(SemVer.valid("v1.2")).isFalse();
    assertThat(SemVer.valid("1.2.3")).isFalse();
    assertThat(SemVer.valid("v1.2.3-01")).isFalse();
    assertThat(SemVer.valid("v01.2.3")).isFalse();
    assertThat(SemVer.valid("v0.0.0-20191109021931-daa7c04131f5")).isTrue();
    assertThat(SemVer.newer("v1.2.0", "v1.1.9")).isTrue();
    assertThat(SemVer.newer("v1.2.0", "v1.2.0+build")).isFalse();
  }
}
