package io.proxywatch.common;

import java.util.regex.Pattern;

/**
 * The one set of identifier rules: what a region, an agent id, a token name, a module path and a module version
 * may be. The agent checks its own configuration with them and the collector checks everything it is sent, so
 * an identifier one side accepts is never refused by the other. Module paths and versions follow
 * golang.org/x/mod/module.
 */
public final class Identifiers {
  /** Expected-text for messages: {@code --region: expected 1-64 characters of [a-z0-9-], got "Tokyo"}. */
  public static final String REGION_RULE = "1-64 characters of [a-z0-9-]";
  public static final String AGENT_ID_RULE = "1-64 characters of [A-Za-z0-9._-]";
  /** API token names follow the agent id rule. */
  public static final String TOKEN_NAME_RULE = AGENT_ID_RULE;

  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern ELEMENT = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern FIRST_ELEMENT = Pattern.compile("[a-z0-9.-]+");
  private static final Pattern VERSION = Pattern.compile(
      "v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+incompatible)?");

  private Identifiers() {}

  public static boolean isRegion(String value) {
    return value != null && REGION.matcher(value).matches();
  }

  public static boolean isAgentId(String value) {
    return value != null && AGENT_ID.matcher(value).matches();
  }

  public static boolean isTokenName(String value) {
    return isAgentId(value);
  }

  /** Throws IllegalArgumentException naming the problem when {@code path} is not a valid module path. */
  public static void checkModulePath(String path) {
    String problem = pathProblem(path);
    if (problem != null) throw new IllegalArgumentException("invalid module path \"" + path + "\": " + problem);
  }

  /** Throws IllegalArgumentException unless {@code version} is a canonical semantic version (v1.2.3). */
  public static void checkVersion(String version) {
    if (!VERSION.matcher(version).matches() || hasLeadingZeroPrerelease(version)) {
      throw new IllegalArgumentException(
          "invalid version \"" + version + "\": expected a canonical semantic version like v1.2.3");
    }
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
