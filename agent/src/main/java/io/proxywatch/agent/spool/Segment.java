package io.proxywatch.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One spool file, {@code <base sequence, 20 digits>.seg}: an 8-byte header ({@code PWS1} and a version)
 * then records in strictly increasing sequence order, all above {@code base - 1}. Only the spool's lock
 * guards it, except {@link #force}, which the spool's sync thread calls without it (a FileChannel allows that).
 * It knows its records' count and last sequence, and how many of them are acknowledged.
 */
final class Segment implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Segment.class);
  static final String SUFFIX = ".seg";
  static final int HEADER_BYTES = 8;
  private static final byte[] HEADER = {'P', 'W', 'S', '1', 0, 0, 0, 1};

  final Path path;
  final long base;
  private FileChannel channel;
  long firstSequence;
  long lastSequence;
  int count;
  long size = HEADER_BYTES;
  /** Records at or below the acknowledged sequence, and where the first record above it starts. */
  int ackedCount;
  long ackedOffset = HEADER_BYTES;

  private Segment(Path path, long base) {
    this.path = path;
    this.base = base;
    this.lastSequence = base - 1;
  }

  static Path file(Path dir, long base) {
    return dir.resolve(String.format("%020d%s", base, SUFFIX));
  }

  /** The base sequence a segment file name carries, or -1 if the name is not a segment's. */
  static long baseOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.matches("[0-9]{20}\\" + SUFFIX)) return -1;
    return Long.parseLong(name.substring(0, 20));
  }

  /** A new empty segment, its header written and fsynced, and the directory fsynced, so it survives a crash. */
  static Segment create(Path dir, long base) throws IOException {
    Segment segment = new Segment(file(dir, base), base);
    FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    segment.channel = channel;
    writeFully(channel, ByteBuffer.wrap(HEADER), 0);
    channel.force(true);
    Directories.sync(dir);
    return segment;
  }

  /**
   * Opens an existing segment and checks every record; a torn or corrupt record and everything after it
   * are cut off (a crash mid-write leaves at most a torn last record). Returns null if the file is no
   * segment at all (it is renamed to {@code *.corrupt}, never deleted).
   */
  static Segment recover(Path file, long previous, long acked) throws IOException {
    Segment segment = new Segment(file, baseOf(file));
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    segment.channel = channel;
    if (!hasHeader(channel)) {
      segment.close();
      if (Files.size(file) >= HEADER_BYTES) {
        logger.warn("spool file {} is not a segment; moved aside as {}.corrupt", file, file.getFileName());
        Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"));
        return null;
      }
      Files.delete(file); // created, but the crash came before its header was written
      return create(file.getParent(), segment.base);
    }
    segment.scan(Math.max(previous, segment.base - 1), acked);
    return segment;
  }

  private static boolean hasHeader(FileChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
      // read until full or end of file
    }
    return !header.hasRemaining() && Arrays.equals(header.array(), HEADER);
  }

  private void scan(long previous, long acked) throws IOException {
    long end = channel.size();
    RecordReader reader = new RecordReader(channel, HEADER_BYTES, end, previous);
    try {
      for (RecordReader.Entry e; (e = reader.next(true, false)) != null; ) added(e.sequence(), e.next() - e.offset());
    } catch (RecordReader.TornRecordException e) {
      logger.warn("spool segment {}: {}; cut {} bytes from there (a record torn by a crash, or damage)",
          path.getFileName(), e.getMessage(), end - e.offset);
      channel.truncate(e.offset);
      channel.force(true);
    }
    advanceAck(acked);
  }

  private void added(long sequence, long bytes) {
    if (count == 0) firstSequence = sequence;
    lastSequence = sequence;
    count++;
    size += bytes;
  }

  /** Appends one encoded record; on failure the segment is cut back to what it was. */
  void append(ByteBuffer record, long sequence) throws IOException {
    int bytes = record.remaining();
    try {
      writeFully(channel, record, size);
    } catch (IOException e) {
      channel.truncate(size);
      throw e;
    }
    added(sequence, bytes);
  }

  /** Marks every record at or below {@code acked} as acknowledged; returns how many were newly so. */
  int advanceAck(long acked) throws IOException {
    if (ackedCount == count) return 0;
    int before = ackedCount;
    if (acked >= lastSequence) {
      ackedCount = count;
      ackedOffset = size;
      return count - before;
    }
    RecordReader reader = reader(ackedOffset);
    for (RecordReader.Entry e; (e = reader.next(false, false)) != null && e.sequence() <= acked; ) {
      ackedCount++;
      ackedOffset = e.next();
    }
    return ackedCount - before;
  }

  boolean fullyAcked() {
    return ackedCount == count;
  }

  RecordReader reader(long from) {
    return new RecordReader(channel, from, size, from == HEADER_BYTES ? base - 1 : Long.MIN_VALUE);
  }

  /** Flushes appended records to the disk (data, and the size that makes them readable). */
  void force() throws IOException {
    channel.force(false);
  }

  void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  @Override
  public void close() throws IOException {
    if (channel != null) channel.close();
  }

  private static void writeFully(FileChannel channel, ByteBuffer data, long at) throws IOException {
    for (long position = at; data.hasRemaining(); ) position += channel.write(data, position);
  }
}
