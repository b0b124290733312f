package io.proxywatch.agent.probe;

import io.proxywatch.proto.EndpointKinds;
import io.proxywatch.proto.v1.EndpointKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Go module proxy endpoints a probe can ask for. Only {@code .zip} uses HEAD: its body can be large
 * and its ETag already is the SHA-256 of the bytes; the others are small and are fetched and hashed.
 */
public enum Endpoint {
  LIST(EndpointKind.ENDPOINT_KIND_LIST, "GET"),
  INFO(EndpointKind.ENDPOINT_KIND_INFO, "GET"),
  MOD(EndpointKind.ENDPOINT_KIND_MOD, "GET"),
  ZIP(EndpointKind.ENDPOINT_KIND_ZIP, "HEAD"),
  LATEST(EndpointKind.ENDPOINT_KIND_LATEST, "GET");

  private final EndpointKind kind;
  private final String method;

  Endpoint(EndpointKind kind, String method) {
    this.kind = kind;
    this.method = method;
  }

  public EndpointKind kind() {
    return kind;
  }

  public String method() {
    return method;
  }

  /** True for endpoints probed once per module version; false for those probed once per module path. */
  public boolean perVersion() {
    return EndpointKinds.perVersion(kind);
  }

  /** The name used in --endpoints: list, info, mod, zip, latest. */
  public String configName() {
    return EndpointKinds.name(kind);
  }

  /** Parses a --endpoints name; throws IllegalArgumentException listing the valid names otherwise. */
  public static Endpoint parse(String name) {
    return Arrays.stream(values())
        .filter(e -> e.configName().equals(name.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown endpoint \"" + name.trim() + "\" (expected one of " + names() + ")"));
  }

  /** Parses a comma-separated --endpoints list, dropping repeats and blanks. */
  public static List<Endpoint> parseList(String names) {
    Set<Endpoint> endpoints = new LinkedHashSet<>();
    for (String name : names.split(",")) {
      if (!name.isBlank()) endpoints.add(parse(name));
    }
    return new ArrayList<>(endpoints);
  }

  /** The endpoint of a contract EndpointKind; IllegalArgumentException for UNSPECIFIED or unknown kinds. */
  public static Endpoint of(EndpointKind kind) {
    return Arrays.stream(values()).filter(e -> e.kind == kind).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("endpoint: expected one of " + names() + ", got " + kind));
  }

  static String names() {
    return EndpointKinds.names();
  }

  /** The path below the module, with the version already escaped for the wire. */
  String suffix(String wireVersion) {
    return EndpointKinds.path(kind, wireVersion);
  }
}
