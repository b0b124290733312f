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
 * A {@link SumDbSource} over HTTP with the JDK's client: GET only, a timeout on every request, redirects followed
 * but never from https to http, bodies cut off at a limit. 200 is success; 404 and 410 are NOT_FOUND.
 */
public final class HttpSumDbSource implements SumDbSource {
  /** Largest body read (a lookup body is at most a note and a record). */
  public static final int MAX_BODY = LookupResponse.MAX_BYTES;
  private final URI base;
  private final HttpClient client;
  private final Duration timeout;

  /** base is the database's URL or a proxy's {@code <proxy>/sumdb/<name>}. */
  public HttpSumDbSource(URI base, HttpClient client, Duration timeout) {
    String b = Objects.requireNonNull(base, "base").toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  public static HttpSumDbSource of(URI base, Duration timeout) {
    return new HttpSumDbSource(base, HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build(), timeout);
  }

  @Override
  public byte[] get(String path) throws SumDbException {
    URI uri = base.resolve(path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (response.statusCode() == 404 || response.statusCode() == 410) {
          throw new SumDbException(NOT_FOUND, "HTTP " + response.statusCode() + " from " + uri + ": " + excerpt(body));
        }
        if (response.statusCode() != 200) {
          throw new SumDbException(UNAVAILABLE, "HTTP " + response.statusCode() + " from " + uri + ": " + excerpt(body));
        }
        if (body.length > MAX_BODY) {
          throw new SumDbException(TOO_LARGE, uri + ": body over " + MAX_BODY + " bytes");
        }
        return body;
      }
    } catch (IOException e) {
      throw new SumDbException(UNAVAILABLE, uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SumDbException(UNAVAILABLE, uri + ": interrupted", e);
    }
  }

  private static String excerpt(byte[] body) {
    return Snippet.of(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip());
  }
}
