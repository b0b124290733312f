package io.proxywatch.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** How tokens reach the pods: files mounted from Secrets, checked path by path. */
final class Tokens {

  private Tokens() {}

  /**
   * The agent's token file: PROXYWATCH_AGENT_TOKEN_FILE is the one key mounted from a Secret (without
   * subPath, so rotation reaches the file), and no token is in the environment. Returns "secret/key".
   */
  static String agentTokenSource(PodSpec pod) {
    Container agent = Pods.container(pod, "agent");
    assertThat(agent.getEnv()).noneMatch(e -> e.getName().equals("PROXYWATCH_AGENT_TOKEN"));
    SecretVolumeSource secret = Pods.volume(pod, "token").getSecret();
    assertThat(secret.getItems()).hasSize(1);
    KeyToPath item = secret.getItems().get(0);
    var mount = Pods.mount(agent, "token");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(mount.getSubPath()).as("no subPath: the kubelet must update a rotated token").isNull();
    assertThat(Pods.envValue(agent, "PROXYWATCH_AGENT_TOKEN_FILE")).isEqualTo(mount.getMountPath() + "/" + item.getPath());
    return secret.getSecretName() + "/" + item.getKey();
  }

  /** The value of one key of a rendered Secret, decoded. */
  static String value(Manifests manifests, String secretAndKey) {
    String[] parts = secretAndKey.split("/", 2);
    Secret secret = manifests.get(Secret.class, parts[0]);
    assertThat(secret.getData()).containsKey(parts[1]);
    return DefaultValuesTest.decode(secret.getData().get(parts[1]));
  }

  /** Lines "AGENT_ID REGION TOKEN" of a tokens file, as agent id to "REGION TOKEN"; comments skipped. */
  static Map<String, String> parseTokensFile(String file) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (String line : file.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.trim().split("\\s+");
      assertThat(fields).as("line %s", line.replaceAll("\\S{20,}", "<token>")).hasSize(3);
      assertThat(fields[2]).as("token of %s as the collector accepts it", fields[0]).matches("[\\x21-\\x7E]{32,256}");
      assertThat(entries.put(fields[0], fields[1] + " " + fields[2])).as("agent %s listed once", fields[0]).isNull();
    }
    return entries;
  }
}
