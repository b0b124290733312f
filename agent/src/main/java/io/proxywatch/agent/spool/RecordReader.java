package io.proxywatch.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a segment's records one after the other through a 64 KiB window, so a replay costs a read per
 * window, not per record, and never more memory than the window and the largest record.
 */
final class RecordReader {
  /** A record at {@code offset}; the next one starts at {@code next}. The payload is valid until the next read. */
  record Entry(long sequence, long offset, long next, ByteBuffer payload) {}

  private final FileChannel channel;
  private final long end;
  private ByteBuffer window = ByteBuffer.allocate(64 * 1024);
  private long windowStart = -1;
  private long position;
  private long previous;

  /** Reads from {@code from} to {@code end}; sequences must be above {@code previous}. */
  RecordReader(FileChannel channel, long from, long end, long previous) {
    this.channel = channel;
    this.position = from;
    this.end = end;
    this.previous = previous;
  }

  /** Offset of the next record. */
  long position() {
    return position;
  }

  /**
   * The next record, or null at the end. With {@code verify} the checksum is checked; with neither
   * {@code verify} nor {@code payload} only the header is read. TornRecordException if the record is
   * incomplete or does not check out.
   */
  Entry next(boolean verify, boolean payload) throws IOException {
    if (position >= end) return null;
    ByteBuffer header = read(position, SpoolRecord.HEADER_BYTES);
    if (header == null) throw new TornRecordException(position, "incomplete record header");
    int length = header.getInt();
    long sequence = header.getLong();
    int checksum = header.getInt();
    if (length <= 0 || length > SpoolRecord.MAX_PAYLOAD) throw new TornRecordException(position, "bad length " + length);
    if (sequence <= previous) {
      throw new TornRecordException(position, "sequence " + sequence + " does not follow " + previous);
    }
    long next = position + SpoolRecord.HEADER_BYTES + length;
    if (next > end) throw new TornRecordException(position, "incomplete record");
    ByteBuffer body = null;
    if (verify || payload) {
      body = read(position + SpoolRecord.HEADER_BYTES, length);
      if (body == null) throw new TornRecordException(position, "incomplete record");
      if (verify && SpoolRecord.checksum(sequence, body) != checksum) {
        throw new TornRecordException(position, "checksum mismatch");
      }
    }
    Entry entry = new Entry(sequence, position, next, body);
    position = next;
    previous = sequence;
    return entry;
  }

  /** {@code n} bytes at {@code at}, or null if the file ends first. */
  private ByteBuffer read(long at, int n) throws IOException {
    if (windowStart < 0 || at < windowStart || at + n > windowStart + window.limit()) fill(at, n);
    if (at + n > windowStart + window.limit()) return null;
    int from = (int) (at - windowStart);
    return window.duplicate().position(from).limit(from + n).slice();
  }

  private void fill(long at, int n) throws IOException {
    if (n > window.capacity()) window = ByteBuffer.allocate(n);
    window.clear().limit((int) Math.min(window.capacity(), Math.max(0, end - at)));
    windowStart = at;
    while (window.hasRemaining()) {
      if (channel.read(window, at + window.position()) < 0) break;
    }
    window.flip();
  }

  /** A record that is cut short or does not check out: the spool ends before it. */
  static final class TornRecordException extends IOException {
    final long offset;

    TornRecordException(long offset, String reason) {
      super(reason + " at offset " + offset);
      this.offset = offset;
    }
  }
}
