package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModulePathsTest {
  @Test
  void escape_turnsCapitalsIntoBangLowerCase_andNothingElse() {
    assertThat(ModulePaths.escape("github.com/Azure/go-widget")).isEqualTo("github.com/!azure/go-widget");
    assertThat(ModulePaths.escape("github.com/BurntSushi/TOML")).isEqualTo("github.com/!burnt!sushi/!t!o!m!l");
    assertThat(ModulePaths.escape("golang.org/x/mod")).isEqualTo("golang.org/x/mod");
    assertThat(ModulePaths.escape("v1.0.0-RC1")).isEqualTo("v1.0.0-!r!c1");
  }

  @Test
  void escapeForWire_percentEncodesTheBang() {
    assertThat(ModulePaths.escapeForWire("github.com/Azure/go-widget")).isEqualTo("github.com/%21azure/go-widget");
  }

  @ParameterizedTest
  @ValueSource(strings = {"golang.org/x/mod", "github.com/Azure/go-widget", "example.com/a_b/c~d/v2", "gopkg.in/yaml.v3"})
  void validPaths_areAccepted(String path) {
    ModulePaths.checkPath(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-x.com/a", "example/a", "Example.com/a", "example.com//a", "example.com/a/",
      "example.com/.a", "example.com/a.", "example.com/a b", "example.com/a!b", "example.com/a@b"})
  void invalidPaths_areRejected(String path) {
    assertThatThrownBy(() -> ModulePaths.checkPath(path)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid module path \"" + path + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0.0", "v0.0.0-20240101000000-abcdefabcdef", "v2.3.4+incompatible", "v1.0.0-rc.1",
      "v1.0.0-RC1"})
  void canonicalVersions_areAccepted(String version) {
    ModulePaths.checkVersion(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0", "v1.0", "v1", "latest", "master", "v01.0.0", "v1.0.0-01", "v1.0.0+build", "v1.0.0-"})
  void otherVersions_areRejected(String version) {
    assertThatThrownBy(() -> ModulePaths.checkVersion(version)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canonical semantic version");
  }

  @Test
  void moduleVersion_parsesPathAtVersion() {
    assertThat(ModuleVersion.parse(" github.com/Azure/x@v1.2.3 ")).isEqualTo(new ModuleVersion("github.com/Azure/x", "v1.2.3"));
    assertThatThrownBy(() -> ModuleVersion.parse("example.com/a")).hasMessage("expected path@version, got \"example.com/a\"");
    assertThatThrownBy(() -> ModuleVersion.parse("example.com/a@")).hasMessageContaining("expected path@version");
  }
}
