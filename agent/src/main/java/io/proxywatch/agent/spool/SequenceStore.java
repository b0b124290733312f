package io.proxywatch.agent.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Hands out the agent's sequence numbers: from 1, strictly increasing, never reused across restarts.
 *
 * <p>The file {@code sequence} in the state directory holds the highest number reserved so far. Numbers are
 * reserved ahead in blocks (write to a temporary file, fsync, atomic rename, fsync the directory), so a
 * sample costs no fsync. Without other knowledge the agent resumes above the last reservation, leaving a
 * gap of at most one block; the spool knows better and moves the start back down with
 * {@link #resumeAfter}. A lock file keeps two agents off one state directory.
 */
public final class SequenceStore implements AutoCloseable {
  static final String FILE = "sequence";
  private static final int DEFAULT_BLOCK = 1000;

  private final Path dir;
  private final int block;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private long next;
  private long reserved;

  private SequenceStore(Path dir, int block, FileChannel lockChannel, FileLock lock, long reserved) {
    this.dir = dir;
    this.block = block;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.reserved = reserved;
    this.next = reserved + 1;
  }

  public static SequenceStore open(Path dir) {
    return open(dir, DEFAULT_BLOCK);
  }

  /** Opens (creating if needed) the store in {@code dir}; IllegalStateException if another agent holds it. */
  public static SequenceStore open(Path dir, int block) {
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("--state-dir: \"" + dir + "\" is in use by another agent");
      }
      return new SequenceStore(dir, block, channel, lock, readReserved(dir.resolve(FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException("--state-dir: cannot use \"" + dir + "\": " + e.getMessage(), e);
    }
  }

  /** The next sequence number; reserves (and persists) a new block when the current one is used up. */
  public synchronized long next() {
    if (next > reserved) reserve(next + block - 1);
    return next++;
  }

  /**
   * Makes sure every future number is above {@code sequence} (e.g. the collector knows a higher one);
   * returns true if the counter had to move.
   */
  public synchronized boolean skipPast(long sequence) {
    if (sequence < next) return false;
    next = sequence + 1;
    return true;
  }

  /**
   * Resumes numbering right above {@code highestUsed}, which may be below the reservation: for a caller
   * that knows no number above it was ever seen by anyone (the spool).
   */
  public synchronized void resumeAfter(long highestUsed) {
    next = highestUsed + 1;
  }

  /** The number {@link #next} will return. */
  public synchronized long peek() {
    return next;
  }

  private void reserve(long upTo) {
    try {
      Directories.replace(dir.resolve(FILE), upTo + "\n");
      reserved = upTo;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist the sequence counter in " + dir, e);
    }
  }

  private static long readReserved(Path file) throws IOException {
    if (!Files.exists(file)) return 0;
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt sequence file " + file + ": \"" + text + "\"", e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this JVM
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (lock.isValid()) lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
