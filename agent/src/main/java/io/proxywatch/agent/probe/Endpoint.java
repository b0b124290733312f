package io.proxywatch.agent.probe;

import io.proxywatch.proto.v1.EndpointKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Go module proxy endpoints a probe can ask for. Only {@code .zip} uses HEAD: its body can be large
 * and its ETag already is the SHA-256 of the bytes; the others are small and are fetched and hashed.
 */
public enum Endpoint {
  LIST(EndpointKind.ENDPOINT_KIND_LIST, "GET", false),
  INFO(EndpointKind.ENDPOINT_KIND_INFO, "GET", true),
  MOD(EndpointKind.ENDPOINT_KIND_MOD, "GET", true),
  ZIP(EndpointKind.ENDPOINT_KIND_ZIP, "HEAD", true),
  LATEST(EndpointKind.ENDPOINT_KIND_LATEST, "GET", false);

  private final EndpointKind kind;
  private final String method;
  private final boolean perVersion;

  Endpoint(EndpointKind kind, String method, boolean perVersion) {
    this.kind = kind;
    this.method = method;
    this.perVersion = perVersion;
  }

  public EndpointKind kind() {
    return kind;
  }

  public String method() {
    return method;
  }

  /** True for endpoints probed once per module version; false for those probed once per module path. */
  public boolean perVersion() {
    return perVersion;
  }

  /** The name used in --endpoints: list, info, mod, zip, latest. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a --endpoints name; throws IllegalArgumentException listing the valid names otherwise. */
  public static Endpoint parse(String name) {
    return Arrays.stream(values())
        .filter(e -> e.configName().equals(name.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown endpoint \"" + name.trim() + "\" (expected one of " + names() + ")"));
  }

  /** The endpoint of a contract EndpointKind; IllegalArgumentException for UNSPECIFIED or unknown kinds. */
  public static Endpoint of(EndpointKind kind) {
    return Arrays.stream(values()).filter(e -> e.kind == kind).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("endpoint: expected one of " + names() + ", got " + kind));
  }

  static String names() {
    return Arrays.stream(values()).map(Endpoint::configName).collect(Collectors.joining(", "));
  }

  /** The path below the module, with the version already escaped for the wire. */
  String suffix(String wireVersion) {
    return switch (this) {
      case LIST -> "/@v/list";
      case INFO -> "/@v/" + wireVersion + ".info";
      case MOD -> "/@v/" + wireVersion + ".mod";
      case ZIP -> "/@v/" + wireVersion + ".zip";
      case LATEST -> "/@latest";
    };
  }
}
