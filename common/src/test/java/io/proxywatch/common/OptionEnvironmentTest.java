package io.proxywatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionEnvironmentTest {
  private final OptionEnvironment env = new OptionEnvironment(
      Map.of("PROXYWATCH_MODULES_FILE", "/etc/m", "PROXYWATCH_AGENT_TOKEN", "t", "PROXYWATCH_BIND", "  ",
          "PROXYWATCH_HELP", "true", "PROXYWATCH_DB_PASSWORD", "pw"),
      Map.of("--token", "PROXYWATCH_AGENT_TOKEN"));

  @Test
  void anOptionReadsPROXYWATCH_plusItsNameInUpperCase() {
    assertThat(env.variable("--modules-file")).isEqualTo("PROXYWATCH_MODULES_FILE");
    assertThat(env.optionDefault("--modules-file")).isEqualTo("/etc/m");
  }

  @Test
  void anExceptionNamesItsOwnVariable() {
    assertThat(env.variable("--token")).isEqualTo("PROXYWATCH_AGENT_TOKEN");
    assertThat(env.optionDefault("--token")).isEqualTo("t");
  }

  @Test
  void unsetOrBlank_leavesTheOptionsOwnDefault() {
    assertThat(env.optionDefault("--bind")).isNull();
    assertThat(env.optionDefault("--grpc-port")).isNull();
  }

  @Test
  void helpAndVersion_neverComeFromTheEnvironment() {
    assertThat(env.optionDefault("--help")).isNull();
  }

  @Test
  void aVariableWithoutAnOption_isReadTheSameWay() {
    assertThat(env.get("PROXYWATCH_DB_PASSWORD")).contains("pw");
    assertThat(env.get("PROXYWATCH_BIND")).isEmpty();
  }
}
