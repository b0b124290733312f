package io.proxywatch.collector.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check MODULE[@VERSION]}: asks a running collector to have every connected agent probe now, waits for the
 * answers (or the deadline) and prints, per region, what it was served: status, time to first byte, and whether the
 * ETag and the content agree across regions.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Have every connected agent probe MODULE[@VERSION] now and print what each region is served.")
final class CheckCommand implements Callable<Integer> {
  private static final Duration WAIT = Duration.ofSeconds(40);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Parameters(index = "0", paramLabel = "MODULE[@VERSION]") String target;
  @Option(names = "--goproxy", description = "Probe through this GOPROXY (repeatable; default: each agent's own)") List<String> proxies;
  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
      description = "The collector's HTTP address (env PROXYWATCH_URL). Default: ${DEFAULT-VALUE}") String url;
  @Option(names = "--token-file", defaultValue = "",
      description = "A file holding an admin API token (env PROXYWATCH_TOKEN_FILE)") String tokenFile;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    int at = target.lastIndexOf('@');
    JsonObject body = new JsonObject().put("module", at < 0 ? target : target.substring(0, at));
    if (at >= 0) body.put("version", target.substring(at + 1));
    if (proxies != null) body.put("proxies", new JsonArray(proxies));
    String token = tokenFile.isBlank() ? "" : Files.readString(Path.of(tokenFile)).trim();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> created = http.send(request("/api/v1/checks", token).POST(
        HttpRequest.BodyPublishers.ofString(body.encode())).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 202 && created.statusCode() != 201) {
      cmd.getErr().println("check: the collector answered " + created.statusCode() + ": " + created.body());
      return created.statusCode() == 400 ? 2 : 1;
    }
    String id = new JsonObject(created.body()).getString("id");
    Instant deadline = Instant.now().plus(WAIT);
    JsonObject result;
    do {
      Thread.sleep(500);
      result = new JsonObject(http.send(request("/api/v1/checks/" + id, token).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } while (!result.getBoolean("complete", false) && Instant.now().isBefore(deadline));
    print(cmd.getOut(), result);
    return 0;
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path)).timeout(Duration.ofSeconds(10));
    return token.isEmpty() ? b : b.header("Authorization", "Bearer " + token);
  }

  /** The table a field report prints: region, endpoint, status, TTFB, and whether ETag and content agree. */
  static void print(PrintWriter out, JsonObject result) {
    Map<String, JsonObject> agreement = new TreeMap<>();
    result.getJsonArray("agreement", new JsonArray()).forEach(o -> {
      JsonObject a = (JsonObject) o;
      agreement.put(a.getString("proxy") + " " + a.getString("endpoint"), a);
    });
    out.printf("check %s of %s%s: %d agents, %s%n", result.getString("id"), result.getString("module"),
        result.getString("version", "").isEmpty() ? "" : "@" + result.getString("version"),
        result.getJsonArray("agents", new JsonArray()).size(), result.getBoolean("complete", false) ? "complete" : "incomplete");
    out.printf("%-14s %-8s %-7s %10s  %-6s %-7s %s%n", "REGION", "ENDPOINT", "STATUS", "TTFB", "ETAG", "CONTENT", "PROXY");
    for (Object o : result.getJsonArray("rows", new JsonArray())) {
      JsonObject r = (JsonObject) o;
      JsonObject a = agreement.getOrDefault(r.getString("proxy") + " " + r.getString("endpoint"), new JsonObject());
      Double ttfb = r.getDouble("ttfb_ms");
      out.printf("%-14s %-8s %-7s %10s  %-6s %-7s %s%n", r.getString("region"), r.getString("endpoint"),
          r.getString("error") != null ? r.getString("error") : String.valueOf(r.getInteger("status")),
          ttfb == null ? "-" : String.format("%.1f ms", ttfb), a.getBoolean("etag_agrees", true) ? "same" : "DIFF",
          a.getBoolean("content_agrees", true) ? "same" : "DIFF",
          r.getString("proxy").isEmpty() ? "(agent's own)" : r.getString("proxy"));
    }
    JsonArray silent = result.getJsonArray("silent_agents", new JsonArray());
    if (!silent.isEmpty()) out.println("silent: " + String.join(", ", silent.stream().map(String::valueOf).toList()));
  }
}
