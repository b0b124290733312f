package io.proxywatch.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.proto.v1.EndpointKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointKindsTest {
  @ParameterizedTest
  @CsvSource({"ENDPOINT_KIND_LIST, list, false, false, @v/list", "ENDPOINT_KIND_INFO, info, false, true, .info",
      "ENDPOINT_KIND_MOD, mod, true, true, .mod", "ENDPOINT_KIND_ZIP, zip, true, true, .zip",
      "ENDPOINT_KIND_LATEST, latest, false, false, @latest"})
  void eachKind_hasOneNameAndItsRules(EndpointKind kind, String name, boolean immutable, boolean perVersion, String label) {
    assertThat(EndpointKinds.name(kind)).isEqualTo(name);
    assertThat(EndpointKinds.parse(name)).contains(kind);
    assertThat(EndpointKinds.immutable(kind)).isEqualTo(immutable);
    assertThat(EndpointKinds.perVersion(kind)).isEqualTo(perVersion);
    assertThat(EndpointKinds.label(kind)).isEqualTo(label);
    assertThat(EndpointKinds.path(kind, "v1.0.0")).isEqualTo(perVersion ? "/@v/v1.0.0" + label : "/" + label);
  }

  @Test
  void unknownNames_andKindsWithoutAName_areRefused() {
    assertThat(EndpointKinds.parse("tarball")).isEmpty();
    assertThat(EndpointKinds.parse("LIST")).isEmpty();
    assertThat(EndpointKinds.parse("unspecified")).isEmpty();
    assertThatThrownBy(() -> EndpointKinds.name(EndpointKind.ENDPOINT_KIND_UNSPECIFIED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(EndpointKinds.names()).isEqualTo("list, info, mod, zip, latest");
  }
}
