package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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

  @Test
  void moduleVersion_parsesPathAtVersion() {
    assertThat(ModuleVersion.parse(" github.com/Azure/x@v1.2.3 ")).isEqualTo(new ModuleVersion("github.com/Azure/x", "v1.2.3"));
    assertThatThrownBy(() -> ModuleVersion.parse("example.com/a")).hasMessage("expected path@version, got \"example.com/a\"");
    assertThatThrownBy(() -> ModuleVersion.parse("example.com/a@")).hasMessageContaining("expected path@version");
  }
}
