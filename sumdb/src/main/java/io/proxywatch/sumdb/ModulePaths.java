package io.proxywatch.sumdb;

/** The module proxy's case encoding, used in /lookup paths: each capital letter becomes '!' + its lower case. */
final class ModulePaths {
  private ModulePaths() {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        b.append('!').append((char) (c + ('a' - 'A')));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
