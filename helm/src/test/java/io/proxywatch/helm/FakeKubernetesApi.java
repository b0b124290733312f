package io.proxywatch.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of the Kubernetes API for Helm's {@code lookup} of Secrets, on a loopback port.
 *
 * <p>helm-java renders templates with dry-run option "none", so {@code lookup} queries a real cluster
 * (the CLI's {@code helm template} does not). Without a kubeconfig, client-go would dial
 * localhost:8080, which may be any local process; this server answers instead: discovery for
 * {@code /api/v1} and GET of the Secrets a test stored, 404 for everything else.
 */
final class FakeKubernetesApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final Map<String, Map<String, Object>> secrets = new ConcurrentHashMap<>();

  private FakeKubernetesApi(HttpServer server) {
    this.server = server;
  }

  /** Starts the server and points the kubeconfig file that KUBECONFIG names at it. */
  static FakeKubernetesApi start(Path kubeconfig) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeKubernetesApi api = new FakeKubernetesApi(server);
      server.createContext("/", api::handle);
      server.start();
      api.writeKubeconfig(kubeconfig);
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes {@code lookup "v1" "Secret" namespace name} return a Secret with {@code data} (plain values). */
  void putSecret(String namespace, String name, Map<String, String> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    secrets.put(secretPath(namespace, name), Map.of(
        "apiVersion", "v1", "kind", "Secret", "type", "Opaque",
        "metadata", Map.of("name", name, "namespace", namespace),
        "data", encoded));
  }

  void removeSecret(String namespace, String name) {
    secrets.remove(secretPath(namespace, name));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/api/v1")) {
      respond(exchange, 200, resourceList());
    } else if (secrets.containsKey(path)) {
      respond(exchange, 200, secrets.get(path));
    } else {
      respond(exchange, 404, Map.of("apiVersion", "v1", "kind", "Status", "status", "Failure",
          "reason", "NotFound", "code", 404, "message", path + " not found"));
    }
  }

  private static Map<String, Object> resourceList() {
    return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", "v1",
        "resources", List.of(Map.of("name", "secrets", "singularName", "secret", "namespaced", true,
            "kind", "Secret", "verbs", List.of("get", "list"))));
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String secretPath(String namespace, String name) {
    return "/api/v1/namespaces/" + namespace + "/secrets/" + name;
  }

  private void writeKubeconfig(Path file) throws IOException {
    String server = "http://127.0.0.1:" + this.server.getAddress().getPort();
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: fake, cluster: {server: '" + server + "'}}]",
        "users: [{name: fake, user: {}}]",
        "contexts: [{name: fake, context: {cluster: fake, user: fake}}]",
        "current-context: fake",
        ""));
  }
}
