package io.proxywatch.collector.alerting;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends a request with a timeout and says what the answer means: 2xx delivered; 408, 429 and 5xx, timeouts and
 * connection errors are worth retrying; any other status (redirects are not followed) is permanent.
 */
final class HttpDelivery {
  private static final int MAX_BODY_IN_ERROR = 200;

  private final HttpClient client;
  private final Duration timeout;

  HttpDelivery(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  Outcome send(HttpRequest.Builder request) {
    try {
      HttpResponse<InputStream> response = client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        return classify(response, new String(body.readNBytes(MAX_BODY_IN_ERROR), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return Outcome.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retry("interrupted", Duration.ZERO);
    }
  }

  private static Outcome classify(HttpResponse<?> response, String body) {
    int status = response.statusCode();
    String detail = "HTTP " + status + (body.isBlank() ? "" : ": " + body.strip());
    if (status >= 200 && status < 300) return Outcome.delivered(status);
    if (status == 408 || status == 429 || status >= 500) return Outcome.retry(detail, retryAfter(response));
    if (status >= 300 && status < 400) return Outcome.permanent("HTTP " + status + ": redirects are not followed; configure the final URL");
    return Outcome.permanent(detail);
  }

  /** Retry-After in seconds (the HTTP-date form is ignored), capped at an hour. */
  private static Duration retryAfter(HttpResponse<?> response) {
    try {
      long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("0").trim());
      return Duration.ofSeconds(Math.max(0, Math.min(seconds, 3600)));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }
}
