package io.proxywatch.agent.probe;

import java.util.regex.Pattern;

/**
 * Checks module paths and versions the way golang.org/x/mod/module does, and case-encodes them for the
 * proxy protocol: every capital letter becomes {@code !} plus its lower case, nothing else changes.
 */
public final class ModulePaths {
  private static final Pattern ELEMENT = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern FIRST_ELEMENT = Pattern.compile("[a-z0-9.-]+");
  private static final Pattern VERSION = Pattern.compile(
      "v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+incompatible)?");

  private ModulePaths() {}

  /** Throws IllegalArgumentException naming the problem when {@code path} is not a valid module path. */
  public static void checkPath(String path) {
    String problem = pathProblem(path);
    if (problem != null) {
      throw new IllegalArgumentException("invalid module path \"" + path + "\": " + problem);
    }
  }

  /** Throws IllegalArgumentException unless {@code version} is a canonical semantic version (v1.2.3). */
  public static void checkVersion(String version) {
    if (!VERSION.matcher(version).matches() || hasLeadingZeroPrerelease(version)) {
      throw new IllegalArgumentException(
          "invalid version \"" + version + "\": expected a canonical semantic version like v1.2.3");
    }
  }

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

  private static String pathProblem(String path) {
    if (path.isEmpty()) return "empty string";
    if (path.startsWith("-")) return "leading dash";
    if (path.contains("//")) return "double slash";
    if (path.endsWith("/")) return "trailing slash";
    String[] elements = path.split("/");
    String first = elements[0];
    if (!first.contains(".")) return "missing dot in first path element";
    if (!FIRST_ELEMENT.matcher(first).matches()) {
      return "first path element may hold only lower-case letters, digits, dots and dashes";
    }
    for (String element : elements) {
      String problem = elementProblem(element);
      if (problem != null) return problem;
    }
    return null;
  }

  private static String elementProblem(String element) {
    if (!ELEMENT.matcher(element).matches()) return "invalid character in path element \"" + element + "\"";
    if (element.startsWith(".")) return "leading dot in path element \"" + element + "\"";
    if (element.endsWith(".")) return "trailing dot in path element \"" + element + "\"";
    return null;
  }

  private static boolean hasLeadingZeroPrerelease(String version) {
    int dash = version.indexOf('-');
    if (dash < 0) return false;
    String pre = version.substring(dash + 1).replace("+incompatible", "");
    for (String id : pre.split("\\.")) {
      if (id.length() > 1 && id.startsWith("0") && id.chars().allMatch(Character::isDigit)) return true;
    }
    return false;
  }
}
