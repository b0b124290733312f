package io.proxywatch.sumdb;

/** A short, printable excerpt of untrusted text for an error message. */
final class Snippet {
  private static final int MAX = 80;

  private Snippet() {}

  static String of(String s) {
    String cut = s.length() > MAX ? s.substring(0, MAX) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
