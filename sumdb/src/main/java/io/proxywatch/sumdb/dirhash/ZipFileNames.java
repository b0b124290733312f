package io.proxywatch.sumdb.dirhash;

import java.util.Locale;
import java.util.Set;

/**
 * The file path rules of module zips (golang.org/x/mod/module.CheckFilePath and zip.CheckZip): clean relative
 * slash-separated paths of allowed characters, no "." or ".." elements, no trailing dot, no Windows reserved names.
 */
final class ZipFileNames {
  private static final String ALLOWED_PUNCT = "!#$%&()+,-.=@[]^_{}~ ";
  private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4",
      "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private ZipFileNames() {}

  /** Why name (a path inside the module, prefix removed) is not allowed, or null when it is. */
  static String problem(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/")) {
      return "not a clean relative path";
    }
    for (String elem : name.split("/", -1)) {
      String p = elementProblem(elem);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static String elementProblem(String elem) {
    if (elem.isEmpty() || elem.equals(".") || elem.equals("..")) {
      return "empty, \".\" or \"..\" path element";
    }
    if (elem.endsWith(".")) {
      return "trailing dot in path element";
    }
    if (!elem.codePoints().allMatch(ZipFileNames::allowed)) {
      return "invalid character in file name";
    }
    int dot = elem.indexOf('.');
    String short_ = (dot < 0 ? elem : elem.substring(0, dot)).toUpperCase(Locale.ROOT);
    if (RESERVED.contains(short_)) {
      return "reserved file name (Windows)";
    }
    int tilde = short_.lastIndexOf('~');
    if (tilde >= 0 && tilde < short_.length() - 1 && short_.substring(tilde + 1).chars().allMatch(Character::isDigit)) {
      return "trailing tilde and digits in path element (a Windows short name)";
    }
    return null;
  }

  private static boolean allowed(int c) {
    if (c < 0x80) {
      return Character.isLetterOrDigit(c) || ALLOWED_PUNCT.indexOf(c) >= 0;
    }
    return Character.isLetter(c);
  }
}
