package io.proxywatch.proto;

import io.proxywatch.proto.v1.EndpointKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one mapping between {@link EndpointKind} and its short name ({@code list}, {@code info}, {@code mod},
 * {@code zip}, {@code latest}), the text the database stores, the REST API filters on and {@code --endpoints}
 * takes, and the rules that belong to a kind. Code passes the enum; text exists only at those edges.
 */
public final class EndpointKinds {
  private static final String PREFIX = "ENDPOINT_KIND_";
  private static final List<EndpointKind> KNOWN = Arrays.stream(EndpointKind.values())
      .filter(k -> k != EndpointKind.ENDPOINT_KIND_UNSPECIFIED && k != EndpointKind.UNRECOGNIZED).toList();

  private EndpointKinds() {}

  /** The five kinds a probe can ask for, in the proto's order. */
  public static List<EndpointKind> known() {
    return KNOWN;
  }

  /** The short name; IllegalArgumentException for UNSPECIFIED and UNRECOGNIZED, which have none. */
  public static String name(EndpointKind kind) {
    if (!KNOWN.contains(kind)) throw new IllegalArgumentException("no name for endpoint kind " + kind);
    return kind.name().substring(PREFIX.length()).toLowerCase(Locale.ROOT);
  }

  /** The kind of a short name; empty for anything else (including names in another case). */
  public static Optional<EndpointKind> parse(String name) {
    return KNOWN.stream().filter(k -> name(k).equals(name)).findFirst();
  }

  /** "list, info, mod, zip, latest", for messages. */
  public static String names() {
    return KNOWN.stream().map(EndpointKinds::name).collect(Collectors.joining(", "));
  }

  /** .mod and .zip of a version must never change; list, info and latest may lag for a while. */
  public static boolean immutable(EndpointKind kind) {
    return kind == EndpointKind.ENDPOINT_KIND_MOD || kind == EndpointKind.ENDPOINT_KIND_ZIP;
  }

  /** True for kinds asked once per module version (info, mod, zip); false for once per module (list, latest). */
  public static boolean perVersion(EndpointKind kind) {
    return kind != EndpointKind.ENDPOINT_KIND_LIST && kind != EndpointKind.ENDPOINT_KIND_LATEST;
  }

  /** The proxy path below the module: {@code /@v/list}, {@code /@v/VERSION.info}, {@code /@latest}. */
  public static String path(EndpointKind kind, String version) {
    return (perVersion(kind) ? "/@v/" + version : "/") + label(kind);
  }

  /** How people and the proxy write the endpoint after the module or version: @v/list, .info, .mod, .zip, @latest. */
  public static String label(EndpointKind kind) {
    return switch (kind) {
      case ENDPOINT_KIND_LIST -> "@v/list";
      case ENDPOINT_KIND_LATEST -> "@latest";
      default -> "." + name(kind);
    };
  }
}
