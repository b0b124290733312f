package io.proxywatch.sumdb;

/** The name rule of golang.org/x/mod/sumdb/note: non-empty, no Unicode space, no '+'. */
final class NoteNames {
  private NoteNames() {}

  static boolean valid(String name) {
    return !name.isEmpty() && !name.contains("+") && name.codePoints().noneMatch(NoteNames::isSpace);
  }

  /** Go's unicode.IsSpace. */
  static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || Character.getType(c) == Character.SPACE_SEPARATOR
        || c == 0x2028 || c == 0x2029;
  }
}
