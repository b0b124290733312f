package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTargetTest {
  static final String BASE = "https://proxy.golang.org";

  @Test
  void urls_followTheGoproxyProtocol_caseEncodedForTheWire() {
    String m = "github.com/Azure/go-widget";
    assertThat(new ProbeTarget(BASE, m, "", Endpoint.LIST).url()).isEqualTo(BASE + "/github.com/%21azure/go-widget/@v/list");
    assertThat(new ProbeTarget(BASE, m, "", Endpoint.LATEST).url()).isEqualTo(BASE + "/github.com/%21azure/go-widget/@latest");
    assertThat(new ProbeTarget(BASE, m, "v1.0.0-RC1", Endpoint.INFO).url())
        .isEqualTo(BASE + "/github.com/%21azure/go-widget/@v/v1.0.0-%21r%21c1.info");
    assertThat(new ProbeTarget(BASE + "/", m, "v1.0.0", Endpoint.MOD).url()).isEqualTo(BASE + "/github.com/%21azure/go-widget/@v/v1.0.0.mod");
    assertThat(new ProbeTarget("http://mirror.internal/cached-only", m, "v1.0.0", Endpoint.ZIP).url())
        .isEqualTo("http://mirror.internal/cached-only/github.com/%21azure/go-widget/@v/v1.0.0.zip");
  }

  @Test
  void expand_probesListAndLatestOncePerModulePath_andTheRestPerVersion() {
    List<ModuleVersion> modules = List.of(ModuleVersion.parse("example.com/a@v1.0.0"),
        ModuleVersion.parse("example.com/a@v1.1.0"), ModuleVersion.parse("example.com/b@v0.1.0"));

    List<ProbeTarget> targets = ProbeTarget.expand(BASE, modules, List.of(Endpoint.values()));

    assertThat(targets).hasSize(3 * 3 + 2 * 2);
    assertThat(targets).filteredOn(t -> t.endpoint() == Endpoint.LIST)
        .extracting(ProbeTarget::module).containsExactly("example.com/a", "example.com/b");
    assertThat(targets).filteredOn(t -> t.endpoint() == Endpoint.LATEST).allMatch(t -> t.version().isEmpty());
    assertThat(targets).filteredOn(t -> t.endpoint() == Endpoint.ZIP).hasSize(3);
  }

  @Test
  void expand_honoursTheEndpointSelection() {
    List<ProbeTarget> targets = ProbeTarget.expand(BASE, List.of(ModuleVersion.parse("example.com/a@v1.0.0")),
        List.of(Endpoint.MOD, Endpoint.LATEST));

    assertThat(targets).extracting(ProbeTarget::endpoint).containsExactly(Endpoint.MOD, Endpoint.LATEST);
  }
}
