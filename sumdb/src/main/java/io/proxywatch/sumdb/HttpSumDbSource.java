package io.proxywatch.sumdb;

import static io.proxywatch.sumdb.SumDbException.Reason.NOT_FOUND;
import static io.proxywatch.sumdb.SumDbException.Reason.TOO_LARGE;
import static io.proxywatch.sumdb.SumDbException.Reason.UNAVAILABLE;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link SumDbSource} over HTTP: GET only, bodies cut off at a limit. 200 is success; 404 and 410 are NOT_FOUND,
 * any other status or an I/O failure UNAVAILABLE. How requests are made is a {@link Transport}: the JDK's client
 * ({@link #of}: a timeout on every request, redirects followed but never from https to http), or the caller's own
 * (an agent reaches a proxy's copy the way its probes reach the proxy).
 */
public final class HttpSumDbSource implements SumDbSource {
  /** Largest body read (a lookup body is at most a note and a record). */
  public static final int MAX_BODY = LookupResponse.MAX_BYTES;

  /** Makes one GET; the reply's body is closed by the caller. */
  @FunctionalInterface
  public interface Transport {
    Reply get(URI uri) throws IOException;
  }

  /** A status and the body as a stream. */
  public record Reply(int status, InputStream body) {}

  private final URI base;
  private final Transport transport;

  /** base is the database's URL or a proxy's {@code <proxy>/sumdb/<name>}. */
  public HttpSumDbSource(URI base, Transport transport) {
    String b = Objects.requireNonNull(base, "base").toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  public static HttpSumDbSource of(URI base, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    return new HttpSumDbSource(base, uri -> {
      try {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        return new Reply(r.statusCode(), r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    });
  }

  @Override
  public byte[] get(String path) throws SumDbException {
    URI uri = base.resolve(path);
    try {
      Reply response = transport.get(uri);
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (response.status() == 404 || response.status() == 410) {
          throw new SumDbException(NOT_FOUND, "HTTP " + response.status() + " from " + uri + ": " + excerpt(body));
        }
        if (response.status() != 200) {
          throw new SumDbException(UNAVAILABLE, "HTTP " + response.status() + " from " + uri + ": " + excerpt(body));
        }
        if (body.length > MAX_BODY) {
          throw new SumDbException(TOO_LARGE, uri + ": body over " + MAX_BODY + " bytes");
        }
        return body;
      }
    } catch (IOException | RuntimeException e) {
      throw new SumDbException(UNAVAILABLE, uri + ": " + e, e);
    }
  }

  private static String excerpt(byte[] body) {
    return Snippet.of(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip());
  }
}
