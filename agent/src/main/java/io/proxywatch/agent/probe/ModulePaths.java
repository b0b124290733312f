package io.proxywatch.agent.probe;

/**
 * Case-encodes module paths and versions for the proxy protocol: every capital letter becomes {@code !} plus its
 * lower case, nothing else changes. Which paths and versions are valid is {@code io.proxywatch.common.Identifiers}.
 */
public final class ModulePaths {
  private ModulePaths() {}

  /** Case-encodes a module path or version: {@code github.com/Azure/x} -> {@code github.com/!azure/x}. */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        out.append('!').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@link #escape} followed by percent-encoding of {@code !}, as the go command sends it. */
  public static String escapeForWire(String s) {
    return escape(s).replace("!", "%21");
  }
}
