package io.proxywatch.collector.ingest;

import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Target;

/**
 * The GOPROXY base a URL was built from, for samples of agents that do not say it: the URL without its endpoint
 * suffix and without as many path segments as the module path has ({@code base/module/@v/v1.info}).
 */
final class ProxyBase {
  private ProxyBase() {}

  static String of(Target target) {
    String url = target.getUrl();
    int suffix = target.getEndpoint() == EndpointKind.ENDPOINT_KIND_LATEST ? url.lastIndexOf("/@latest") : url.lastIndexOf("/@v/");
    if (suffix < 0) return "";
    String withModule = url.substring(0, suffix);
    int end = withModule.length();
    for (int segments = target.getModule().split("/", -1).length; segments > 0 && end >= 0; segments--) {
      end = withModule.lastIndexOf('/', end - 1);
    }
    return end <= 0 ? "" : withModule.substring(0, end);
  }
}
