package io.proxywatch.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import java.util.stream.Collectors;

/** Small lookups into pod specs, each failing with the names it had when the item is missing. */
final class Pods {

  private Pods() {}

  static Container container(PodSpec pod, String name) {
    return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + pod.getContainers()));
  }

  static EnvVar env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + envNames(container)));
  }

  static String envValue(Container container, String name) {
    EnvVar env = env(container, name);
    assertThat(env.getValueFrom()).as("env %s is a literal", name).isNull();
    return env.getValue();
  }

  static SecretKeySelector secretRef(Container container, String name) {
    EnvVar env = env(container, name);
    assertThat(env.getValue()).as("env %s has no literal value", name).isNull();
    return env.getValueFrom().getSecretKeyRef();
  }

  /** Env var name to literal value, for containers whose env is all literals or secrets. */
  static Map<String, String> literalEnv(Container container) {
    return container.getEnv().stream().filter(e -> e.getValueFrom() == null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name + " in " + pod.getVolumes()));
  }

  static VolumeMount mount(Container container, String volume) {
    return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount of " + volume + " in " + container.getVolumeMounts()));
  }

  private static String envNames(Container container) {
    return container.getEnv().stream().map(EnvVar::getName).collect(Collectors.joining(", "));
  }
}
