package io.proxywatch.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
  @ParameterizedTest
  @CsvSource({"tokyo, true", "eu-central-1, true", "Tokyo, false", "'', false", "a_b, false",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, true",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false"})
  void region_isLowerCaseLettersDigitsAndDashes(String value, boolean valid) {
    assertThat(Identifiers.isRegion(value)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"tokyo-1, true", "Host.example_1, true", "'', false", "a b, false", "a/b, false", "a:b, false"})
  void agentId_andTokenName_allowDotsAndUnderscores(String value, boolean valid) {
    assertThat(Identifiers.isAgentId(value)).isEqualTo(valid);
    assertThat(Identifiers.isTokenName(value)).isEqualTo(valid);
  }

  @ParameterizedTest
  @ValueSource(strings = {"golang.org/x/mod", "github.com/Azure/go-widget", "example.com/a_b/c~d/v2", "gopkg.in/yaml.v3"})
  void validModulePaths_areAccepted(String path) {
    Identifiers.checkModulePath(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-x.com/a", "example/a", "Example.com/a", "example.com//a", "example.com/a/",
      "example.com/.a", "example.com/a.", "example.com/a b", "example.com/a!b", "example.com/a@b"})
  void invalidModulePaths_areRejected(String path) {
    assertThatThrownBy(() -> Identifiers.checkModulePath(path)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid module path \"" + path + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0.0", "v0.0.0-20240101000000-abcdefabcdef", "v2.3.4+incompatible", "v1.0.0-rc.1",
      "v1.0.0-RC1"})
  void canonicalVersions_areAccepted(String version) {
    Identifiers.checkVersion(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0", "v1.0", "v1", "latest", "master", "v01.0.0", "v1.0.0-01", "v1.0.0+build", "v1.0.0-"})
  void otherVersions_areRejected(String version) {
    assertThatThrownBy(() -> Identifiers.checkVersion(version)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canonical semantic version");
  }
}
