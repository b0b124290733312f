package io.proxywatch.collector.e2e;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client for the collector's REST API in end-to-end tests. */
public final class Api {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  Api(int port) {
    this.port = port;
  }

  public JsonObject get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError(path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
