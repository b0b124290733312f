package io.proxywatch.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Splits a multi-document manifest and binds each document to its fabric8 type by apiVersion and
 * kind. Every typed object is then checked for fields its type does not know, so a misspelt key in a
 * template fails the test instead of being dropped by the API server.
 */
final class KubernetesYaml {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final YAMLMapper MAPPER = YAMLMapper.builder().build();
  private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/ServiceAccount", ServiceAccount.class),
      Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
      Map.entry("v1/Pod", Pod.class),
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("apps/v1/StatefulSet", StatefulSet.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

  private KubernetesYaml() {}

  static List<HasMetadata> parseAll(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      JsonNode tree = MAPPER.readTree(document);
      if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
        objects.add(bind(tree));
      }
    }
    return objects;
  }

  private static HasMetadata bind(JsonNode tree) {
    String type = tree.path("apiVersion").asString() + "/" + tree.path("kind").asString();
    HasMetadata object = MAPPER.treeToValue(tree, TYPES.getOrDefault(type, GenericKubernetesResource.class));
    if (!(object instanceof GenericKubernetesResource)) {
      UnknownFields.assertNone(type + " " + object.getMetadata().getName(), object);
    }
    return object;
  }
}
