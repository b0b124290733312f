package io.proxywatch.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The crash-safe file moves the state directory relies on. */
public final class Directories {
  private Directories() {}

  /** fsyncs a directory, so entries created, renamed or deleted in it survive a power loss. */
  static void sync(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** Replaces {@code file} with {@code text}: temporary file, fsync, atomic rename, fsync of the directory. */
  static void replace(Path file, String text) throws IOException {
    replace(file, text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Replaces {@code file} with {@code content}: temporary file, fsync, atomic rename, fsync of the directory. */
  public static void replace(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(content);
      while (bytes.hasRemaining()) out.write(bytes);
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    sync(file.getParent());
  }
}
