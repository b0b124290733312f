package io.proxywatch.collector.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.Cdn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes one edge of a {@link Cdn} serve other bytes for one module zip ({@code cdn.sh tamper-zip}: the zip with one
 * extra file, while the origin and the other edges keep the real one). Module paths must be lower case.
 */
final class EdgeZips {
  private EdgeZips() {}

  /** Returns the bytes that edge now serves. */
  static byte[] serveOtherBytes(Cdn cdn, String region, String module, String version) throws Exception {
    Path zip = cdn.tree().resolve(module + "/@v/" + version + ".zip");
    byte[] real = Files.readAllBytes(zip);
    cdn.run("tamper-zip", region, module + "@" + version);
    byte[] served = get(cdn.url(region) + "/" + module + "/@v/" + version + ".zip");
    assertThat(served).isNotEqualTo(real);
    assertThat(Files.readAllBytes(zip)).as("the origin has its own zip back").isEqualTo(real);
    return served;
  }

  private static byte[] get(String url) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }
}
