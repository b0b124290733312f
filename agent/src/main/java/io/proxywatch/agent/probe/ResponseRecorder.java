package io.proxywatch.agent.probe;

import io.proxywatch.proto.v1.Sample;
import java.net.InetSocketAddress;
import java.util.List;
import okhttp3.Handshake;
import okhttp3.Response;

/** Copies what a probe keeps of a response's status line and headers into a sample. */
final class ResponseRecorder {
  /** A hostile server must not be able to bloat samples: every recorded header value is cut here. */
  static final int MAX_HEADER = 1024;
  static final List<String> EDGE_HEADERS =
      List.of("X-Proxywatch-Edge", "X-Served-By", "X-Amz-Cf-Pop", "CF-Ray", "Via");
  static final List<String> CACHE_STATUS_HEADERS = List.of("X-Cache-Status", "X-Cache", "CF-Cache-Status");

  private ResponseRecorder() {}

  static void record(Response response, Sample.Builder sample) {
    sample.setHttpStatus(response.code())
        .setEtag(header(response, "ETag"))
        .setLastModified(header(response, "Last-Modified"))
        .setCacheControl(header(response, "Cache-Control"))
        .setLocation(header(response, "Location"))
        .setContentType(header(response, "Content-Type"))
        .setContentEncoding(header(response, "Content-Encoding"))
        .setEdge(firstOf(response, EDGE_HEADERS))
        .setCacheStatus(firstOf(response, CACHE_STATUS_HEADERS))
        .setHttpProtocol(response.protocol().toString());
    number(header(response, "Age")).ifPresent(sample::setAgeSeconds);
    number(header(response, "Content-Length")).ifPresent(sample::setContentLength);
    Handshake handshake = response.handshake();
    if (handshake != null) sample.setTlsVersion(handshake.tlsVersion().javaName());
  }

  static String address(InetSocketAddress address) {
    if (address == null || address.getAddress() == null) return "";
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static String header(Response response, String name) {
    String value = response.header(name);
    return value == null ? "" : ProbeFailure.cap(value, MAX_HEADER);
  }

  private static String firstOf(Response response, List<String> names) {
    return names.stream().map(n -> header(response, n)).filter(v -> !v.isEmpty()).findFirst().orElse("");
  }

  private static java.util.OptionalLong number(String value) {
    try {
      return value.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return java.util.OptionalLong.empty();
    }
  }
}
