package io.proxywatch.collector.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.collector.Cdn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Makes one edge of a {@link Cdn} serve other bytes for one module zip: the origin serves a zip with one extra
 * file while only that edge is purged and fetches it, then the origin gets its own file back (same bytes and
 * modification time, so the same ETag) and every other edge is purged. Module paths must be lower case.
 */
final class EdgeZips {
  private EdgeZips() {}

  /** Returns the bytes that edge now serves. */
  static byte[] serveOtherBytes(Cdn cdn, String region, String module, String version) throws Exception {
    Path zip = cdn.tree().resolve(module + "/@v/" + version + ".zip");
    byte[] real = Files.readAllBytes(zip);
    FileTime mtime = Files.getLastModifiedTime(zip);
    byte[] other = withExtraFile(real, module + "@" + version + "/EXTRA.txt");
    Files.write(zip, other);
    try {
      cdn.run("purge-edge", region);
      assertThat(get(cdn.url(region) + "/" + module + "/@v/" + version + ".zip")).isEqualTo(other);
    } finally {
      Files.write(zip, real);
      Files.setLastModifiedTime(zip, mtime);
    }
    for (String r : Cdn.REGIONS) {
      if (!r.equals(region)) cdn.run("purge-edge", r);
    }
    return other;
  }

  private static byte[] withExtraFile(byte[] zip, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
         ZipOutputStream z = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        z.putNextEntry(new ZipEntry(e.getName()));
        in.transferTo(z);
      }
      z.putNextEntry(new ZipEntry(name));
      z.write("not what the checksum database knows\n".getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] get(String url) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }
}
