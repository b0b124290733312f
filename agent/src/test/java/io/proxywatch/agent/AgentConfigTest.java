package io.proxywatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.ModuleVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @Test
  void builder_fillsTheDocumentedDefaults() {
    AgentConfig config = AgentConfig.builder().region("tokyo").module("example.com/hello@v1.0.0").build();

    assertThat(config.collector()).isEqualTo("localhost:7443");
    assertThat(config.proxy()).hasToString("https://proxy.golang.org");
    assertThat(config.endpoints()).containsExactly(Endpoint.values());
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(70));
    assertThat(config.keepAlive()).isFalse();
    assertThat(config.caFile()).isNull();
    assertThat(config.concurrency()).isEqualTo(8);
    assertThat(config.maxBodyBytes()).isEqualTo(16L << 20);
    assertThat(config.spoolMaxBytes()).isEqualTo(256L << 20);
    assertThat(config.token()).isNull();
    assertThat(config.tokenFile()).isNull();
    assertThat(config.tls()).isFalse();
    assertThat(config.collectorCa()).isNull();
    assertThat(config.clientCert()).isNull();
    assertThat(config.agentId()).endsWith("-tokyo").matches("[A-Za-z0-9._-]{1,64}");
    assertThat(config.stateDir())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/proxywatch", config.agentId()));
    assertThat(config.modules()).containsExactly(ModuleVersion.parse("example.com/hello@v1.0.0"));
  }

  @Test
  void defaultAgentId_isSanitisedAndFitsSixtyFourCharacters() {
    assertThat(AgentConfigBuilder.defaultAgentId("ip-10-0-0-1.ec2.internal", "tokyo"))
        .isEqualTo("ip-10-0-0-1.ec2.internal-tokyo");
    assertThat(AgentConfigBuilder.defaultAgentId("host name/with:odd*chars", "eu-central-1"))
        .isEqualTo("host-name-with-odd-chars-eu-central-1");
    assertThat(AgentConfigBuilder.defaultAgentId("h".repeat(100), "region")).hasSize(64).endsWith("-region");
  }

  @Test
  void invalidValues_areRejectedNamingOptionAndValue() {
    assertThatThrownBy(() -> base().region("Tokyo").build())
        .hasMessage("--region: expected 1-64 characters of [a-z0-9-], got \"Tokyo\"");
    assertThatThrownBy(() -> base().interval(Duration.ZERO).build())
        .hasMessage("--interval: expected a duration > 0, got \"0s\"");
    assertThatThrownBy(() -> base().collector("nowhere").build())
        .hasMessage("--collector: expected HOST:PORT, got \"nowhere\"");
    assertThatThrownBy(() -> base().proxy("ftp://x").build()).hasMessageStartingWith("--goproxy: ");
    assertThatThrownBy(() -> base().proxy("https://user:secret@proxy.internal").build())
        .hasMessage("--goproxy: expected an http or https URL without credentials, query or fragment, "
            + "got \"https://***@proxy.internal\"");
    assertThatThrownBy(() -> base().module("Example.com/x@v1.0.0"))
        .hasMessageStartingWith("--module: invalid module path \"Example.com/x\"");
    assertThat(AgentConfig.builder().region("tokyo").build().modules()).as("watches pushed by the collector suffice").isEmpty();
    assertThatThrownBy(() -> base().endpoints(List.of()).build())
        .hasMessage("--endpoints: expected at least one endpoint");
    assertThatThrownBy(() -> base().concurrency(0).build()).hasMessage("--concurrency: expected a number >= 1, got \"0\"");
    assertThatThrownBy(() -> base().caFile(Path.of("/nonexistent.pem")).build())
        .hasMessage("--ca-file: cannot read file, got \"/nonexistent.pem\"");
  }

  @Test
  void securityAndSpoolOptions_areCheckedNamingTheOption(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("client.pem"), "x");
    assertThatThrownBy(() -> base().clientCert(cert, null).build())
        .hasMessage("--client-cert: requires --client-key, got \"" + cert + "\"");
    assertThatThrownBy(() -> base().clientCert(null, cert).build())
        .hasMessage("--client-key: requires --client-cert, got \"" + cert + "\"");
    assertThatThrownBy(() -> base().collectorCa(dir.resolve("missing.pem")).build())
        .hasMessage("--collector-ca: cannot read file, got \"" + dir.resolve("missing.pem") + "\"");
    assertThatThrownBy(() -> base().tokenFile(dir.resolve("missing")).build())
        .hasMessage("--token-file: cannot read file, got \"" + dir.resolve("missing") + "\"");
    assertThatThrownBy(() -> base().spoolMaxBytes(1000).build())
        .hasMessage("--spool-max-bytes: expected a size >= 64KiB, got \"1000\"");
    assertThatThrownBy(() -> base().token("  ").build()).hasMessage("--token: expected a token, got an empty value");
  }

  @Test
  void aBadToken_isRejectedWithoutShowingIt() {
    assertThatThrownBy(() -> base().token("pwa_secret with space").build())
        .hasMessageStartingWith("--token: expected at most 4096 printable ASCII characters without spaces")
        .message().doesNotContain("secret");
  }

  @Test
  void theToken_neverAppearsInTheRedactedFormOrToString() {
    AgentConfig config = base().token(" pwa_s3cr3t\n").collectorCa(null).build();

    assertThat(config.token()).isEqualTo("pwa_s3cr3t");
    assertThat(config.redacted()).contains("token=(set)").doesNotContain("s3cr3t");
    assertThat(config.toString()).doesNotContain("s3cr3t");
    assertThat(base().collectorTls(true).build().tls()).isTrue();
  }

  private static AgentConfigBuilder base() {
    return AgentConfig.builder().region("tokyo").module("example.com/hello@v1.0.0");
  }
}
