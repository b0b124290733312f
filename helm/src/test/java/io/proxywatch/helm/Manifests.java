package io.proxywatch.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The objects of one rendered release, parsed into fabric8 model types. */
final class Manifests {

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  static Manifests parse(String renderedYaml) {
    return new Manifests(KubernetesYaml.parseAll(renderedYaml));
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    Optional<T> found = find(type, name);
    assertThat(found).as("%s %s among %s", type.getSimpleName(), name, names()).isPresent();
    return found.get();
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).collect(Collectors.toList());
  }

  List<String> names() {
    return objects.stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .collect(Collectors.toList());
  }
}
