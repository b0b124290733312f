package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central collector enrolling agents of other clusters (collector.enrolledAgents) from existing
 * Secrets: an init container assembles the tokens file from them, and the values of the README's two
 * installs (examples/central.yaml, examples/region-tokyo.yaml) name the same agent id, region and Secret.
 * The init container's script is run here with /bin/sh on files laid out as the kubelet would mount them.
 */
class CentralEnrolmentTest {

  private static final String SOURCES = "/etc/proxywatch/agent-token-sources";
  private static final String TOKENS_DIR = "/etc/proxywatch/agent-tokens";
  /** One line of the script's here-document: agent id, region, file in the sources volume, Secret/key. */
  private static final Pattern ENTRY = Pattern.compile("(?m)^(\\S+) ([a-z0-9-]+) (token-\\d+) (\\S+)/(\\S+)$");

  @Test
  void centralExample_buildsTheTokensFileInMemoryFromTheRegionsSecret() {
    PodSpec pod = collectorPod(HelmChart.render("examples/central.yaml"));
    Container init = Pods.container(initOnly(pod), "agent-tokens");
    Container collector = Pods.container(pod, "collector");

    assertThat(Pods.volume(pod, "agent-tokens").getEmptyDir().getMedium()).isEqualTo("Memory");
    assertThat(Pods.envValue(collector, "PROXYWATCH_AGENT_TOKENS_FILE")).isEqualTo(TOKENS_DIR + "/agent-tokens.txt");
    assertThat(Pods.mount(collector, "agent-tokens").getMountPath()).isEqualTo(TOKENS_DIR);
    assertThat(Pods.mount(collector, "agent-tokens").getReadOnly()).isTrue();
    assertThat(Pods.mount(init, "agent-token-sources").getReadOnly()).isTrue();
    assertThat(sources(pod)).containsExactly("proxywatch-agent-tokyo/token->token-0");
    assertThat(entries(init)).containsExactly("proxywatch-tokyo tokyo token-0 proxywatch-agent-tokyo/token");
    Securities.assertRestricted(pod, init, 10001L);
  }

  @Test
  void centralAndRegionExamples_agreeOnAgentIdRegionAndTokenSecret() {
    Manifests region = HelmChart.renderAs("proxywatch", "examples/region-tokyo.yaml");
    PodSpec agentPod = region.get(Deployment.class, "proxywatch-agent-tokyo").getSpec().getTemplate().getSpec();
    Container agent = Pods.container(agentPod, "agent");
    Container init = Pods.container(initOnly(collectorPod(HelmChart.renderAs("proxywatch", "examples/central.yaml"),
        "proxywatch-collector")), "agent-tokens");

    String enrolled = Pods.envValue(agent, "PROXYWATCH_AGENT_ID") + " " + Pods.envValue(agent, "PROXYWATCH_REGION")
        + " token-0 " + Tokens.agentTokenSource(agentPod);
    assertThat(entries(init)).contains(enrolled);
    assertThat(Pods.literalEnv(agent)).containsEntry("PROXYWATCH_COLLECTOR_TLS", "true")
        .containsEntry("PROXYWATCH_COLLECTOR", "grpc.proxywatch.example.com:443");
  }

  @Test
  void initScript_writesOneLinePerAgent_fromTheChartFileAndEachSecret_withoutPrintingTokens(@TempDir Path dir)
      throws Exception {
    Manifests manifests = HelmChart.render("examples/central.yaml", Map.of(
        "agents.regions[0].name", "local",
        "collector.enrolledAgents[1].agentId", "pw-frankfurt",
        "collector.enrolledAgents[1].region", "frankfurt",
        "collector.enrolledAgents[1].existingSecret", "fra-secret",
        "collector.enrolledAgents[1].key", "agent-token"));
    PodSpec pod = collectorPod(manifests);
    assertThat(sources(pod)).containsExactly(FULLNAME + "-agent-tokens/agent-tokens.txt->managed.txt",
        "proxywatch-agent-tokyo/token->token-0", "fra-secret/agent-token->token-1");
    String tokyo = "tokyo+token/0123456789abcdefghijklmnopqrstuvw=";
    String frankfurt = "frankfurt-token-0123456789abcdefghijklmnop";
    Files.createDirectories(dir.resolve("sources"));
    Files.createDirectories(dir.resolve("tokens"));
    Files.writeString(dir.resolve("sources/managed.txt"), Tokens.value(manifests, FULLNAME + "-agent-tokens/agent-tokens.txt"));
    Files.writeString(dir.resolve("sources/token-0"), tokyo + "\n");
    Files.writeString(dir.resolve("sources/token-1"), frankfurt);

    Run run = runInit(Pods.container(initOnly(pod), "agent-tokens"), dir);

    assertThat(run.exit).as(run.output).isZero();
    Map<String, String> file = Tokens.parseTokensFile(Files.readString(dir.resolve("tokens/agent-tokens.txt")));
    assertThat(file).containsOnlyKeys("pw-local", "proxywatch-tokyo", "pw-frankfurt")
        .containsEntry("proxywatch-tokyo", "tokyo " + tokyo)
        .containsEntry("pw-frankfurt", "frankfurt " + frankfurt)
        .containsEntry("pw-local", "local " + Tokens.value(manifests, FULLNAME + "-agent-tokens/local"));
    assertThat(run.output).contains("3 agents to enrol").doesNotContain(tokyo, frankfurt);
    assertThat(Files.list(dir.resolve("tokens")).map(p -> p.getFileName().toString())).containsExactly("agent-tokens.txt");
  }

  @Test
  void initScript_failsOnAnEmptyToken_namingTheAgentAndSecret(@TempDir Path dir) throws Exception {
    PodSpec pod = collectorPod(HelmChart.render("examples/central.yaml"));
    Files.createDirectories(dir.resolve("sources"));
    Files.createDirectories(dir.resolve("tokens"));
    Files.writeString(dir.resolve("sources/token-0"), "\n");

    Run run = runInit(Pods.container(initOnly(pod), "agent-tokens"), dir);

    assertThat(run.exit).isNotZero();
    assertThat(run.output).contains("proxywatch-tokyo", "proxywatch-agent-tokyo/token", "empty");
    assertThat(dir.resolve("tokens/agent-tokens.txt")).doesNotExist();
  }

  @Test
  void inlineEnrolledTokens_goIntoTheChartFile_withoutAnInitContainer() {
    String token = "inline-token-0123456789abcdefghijklmnop";
    Manifests inline = HelmChart.render(Map.of(
        "collector.enrolledAgents[0].agentId", "proxywatch-tokyo",
        "collector.enrolledAgents[0].region", "tokyo",
        "collector.enrolledAgents[0].token", token));
    PodSpec pod = collectorPod(inline);

    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(Pods.volume(pod, "agent-tokens").getSecret().getSecretName()).isEqualTo(FULLNAME + "-agent-tokens");
    assertThat(Tokens.parseTokensFile(Tokens.value(inline, FULLNAME + "-agent-tokens/agent-tokens.txt")))
        .containsExactly(Map.entry("proxywatch-tokyo", "tokyo " + token));
  }

  private record Run(int exit, String output) {}

  /** Runs the init container's script with its mount paths moved under {@code dir}. */
  private static Run runInit(Container init, Path dir) throws IOException, InterruptedException {
    assertThat(init.getCommand()).hasSize(3).startsWith("/bin/sh", "-ec");
    String script = init.getCommand().get(2)
        .replace(SOURCES, dir.resolve("sources").toString())
        .replace(TOKENS_DIR, dir.resolve("tokens").toString());
    assertThat(script).doesNotContain("/etc/proxywatch");
    Process process = new ProcessBuilder("/bin/sh", "-ec", script).redirectErrorStream(true).start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static List<String> entries(Container init) {
    Matcher m = ENTRY.matcher(init.getCommand().get(2));
    List<String> entries = new ArrayList<>();
    while (m.find()) {
      entries.add(m.group(0));
    }
    return entries;
  }

  private static List<String> sources(PodSpec pod) {
    return Pods.volume(pod, "agent-token-sources").getProjected().getSources().stream()
        .map(VolumeProjection::getSecret)
        .flatMap(s -> s.getItems().stream().map(i -> s.getName() + "/" + i.getKey() + "->" + i.getPath()))
        .collect(Collectors.toList());
  }

  private static PodSpec initOnly(PodSpec pod) {
    assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("agent-tokens");
    return new io.fabric8.kubernetes.api.model.PodSpecBuilder().withContainers(pod.getInitContainers()).build();
  }

  private static PodSpec collectorPod(Manifests manifests) {
    return collectorPod(manifests, FULLNAME + "-collector");
  }

  private static PodSpec collectorPod(Manifests manifests, String name) {
    return manifests.get(Deployment.class, name).getSpec().getTemplate().getSpec();
  }
}
