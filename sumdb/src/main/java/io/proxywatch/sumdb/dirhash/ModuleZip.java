package io.proxywatch.sumdb.dirhash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The h1 of a module zip, as dirhash.HashZip computes it, from a stream that is never held in memory: the zip is
 * spooled to a temporary file (its index is at the end) and read back entry by entry. Go's module zip rules that
 * matter are enforced: at most 500 MiB compressed and uncompressed, every name {@code module@version/} + a valid
 * file path, no duplicate names, no two names equal but for case.
 */
public final class ModuleZip {
  /** Largest zip, and largest total uncompressed size, the go command accepts (zip.MaxZipFile). */
  public static final long MAX_BYTES = 500L << 20;

  private ModuleZip() {}

  /** Reads the zip from in (to its end), spooling it in tmpDir; the spool file is deleted before returning. */
  public static ZipDigest hash(InputStream in, String module, String version, Path tmpDir)
      throws IOException, ModuleZipException {
    Path spool = Files.createTempFile(tmpDir, "module-", ".zip");
    try {
      MessageDigest sha = H1.digest();
      long size = spool(in, spool, sha);
      return new ZipDigest(h1(spool, module + "@" + version + "/"), HexFormat.of().formatHex(sha.digest()), size);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private static long spool(InputStream in, Path spool, MessageDigest sha) throws IOException, ModuleZipException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(spool)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > MAX_BYTES) {
          throw new ModuleZipException("module zip larger than " + MAX_BYTES + " bytes");
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    return total;
  }

  private static String h1(Path spool, String prefix) throws IOException, ModuleZipException {
    Map<String, byte[]> sums = new HashMap<>();
    Map<String, String> folded = new HashMap<>();
    long budget = MAX_BYTES;
    try (ZipFile zip = new ZipFile(spool.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = checkName(entry.getName(), prefix, folded);
        byte[] sum = H1.digest().digest();
        if (!entry.isDirectory()) {
          MessageDigest sha = H1.digest();
          budget -= copy(zip, entry, sha, budget);
          sum = sha.digest();
        }
        if (sums.put(name, sum) != null) {
          throw new ModuleZipException("duplicate file name in module zip: " + name);
        }
      }
    } catch (ZipException e) {
      throw new ModuleZipException("not a valid zip: " + e.getMessage(), e);
    }
    return H1.of(sums);
  }

  private static String checkName(String name, String prefix, Map<String, String> folded) throws ModuleZipException {
    if (!name.startsWith(prefix)) {
      throw new ModuleZipException("file name in module zip does not start with " + prefix + ": " + name);
    }
    String path = name.substring(prefix.length());
    String rel = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String problem = ZipFileNames.problem(rel);
    if (problem != null && !path.isEmpty()) {
      throw new ModuleZipException("invalid file name in module zip: " + name + ": " + problem);
    }
    String fold = rel.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT);
    String other = folded.putIfAbsent(fold, name);
    if (other != null && !other.equals(name)) {
      throw new ModuleZipException("case-insensitive file name collision in module zip: " + other + " and " + name);
    }
    return name;
  }

  /** Hashes one entry's content; counts what it really inflates, whatever the header says. */
  private static long copy(ZipFile zip, ZipEntry entry, MessageDigest sha, long budget)
      throws IOException, ModuleZipException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > budget) {
          throw new ModuleZipException("module zip inflates to more than " + MAX_BYTES + " bytes");
        }
        sha.update(buf, 0, n);
      }
    }
    return total;
  }
}
