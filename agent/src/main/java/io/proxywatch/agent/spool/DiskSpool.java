package io.proxywatch.agent.spool;

import com.google.protobuf.InvalidProtocolBufferException;
import io.proxywatch.agent.schedule.Threads;
import io.proxywatch.proto.v1.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox on disk: {@code <state-dir>/spool/}, segment files of checksummed records (see {@link Segment},
 * {@link SpoolRecord}) and the file {@code acked}, the highest sequence the collector acknowledged.
 *
 * <p>Durability: {@link #add} writes the record to the file (the OS has it: a kill -9 loses nothing) and
 * returns; a sync thread fsyncs within {@link #SYNC_DELAY_MILLIS} ms, grouping what came meanwhile, and
 * only then offers the samples for sending. So every sample the collector ever saw is on disk, and after
 * any crash numbering resumes right above the spool's highest sequence without reusing a number anyone
 * saw. A power loss can lose the samples of the last {@value #SYNC_DELAY_MILLIS} ms (never sent), and
 * up to a second of acknowledgements (replayed, and skipped by the collector).
 *
 * <p>Bounded by {@code maxBytes}: when full, the oldest segment is dropped, counted and logged. Fully
 * acknowledged segments are deleted. Memory holds a few numbers per segment, never the samples.
 */
public final class DiskSpool implements Outbox {
  private static final Logger logger = LoggerFactory.getLogger(DiskSpool.class);
  public static final long MIN_MAX_BYTES = 64L << 10;
  static final String DIR = "spool";
  static final String ACKED = "acked";
  static final long SYNC_DELAY_MILLIS = 50;

  private final Path dir;
  private final SequenceStore sequences;
  private final long maxBytes;
  private final long segmentBytes;
  private final List<Segment> segments = new ArrayList<>();
  private final DropLog drops = new DropLog(System::nanoTime);
  private final ScheduledExecutorService syncer =
      Executors.newSingleThreadScheduledExecutor(Threads.named("proxywatch-spool"));
  private volatile Runnable listener = () -> {};
  private long totalBytes;
  private long unacked;
  private long acked;
  private long persistedAcked;
  private long appended;
  private long durable;
  private long announced;
  private Cursor cursor;
  private boolean syncQueued;
  private boolean writeFailing;
  private boolean closed;

  /** Where the last {@link #after} stopped: the next record after {@code sequence} starts at {@code offset}. */
  private record Cursor(Segment segment, long offset, long sequence) {}

  private DiskSpool(Path dir, SequenceStore sequences, long maxBytes, long segmentBytes) {
    this.dir = dir;
    this.sequences = sequences;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
  }

  /** Opens (creating, or recovering after a crash) the spool of {@code stateDir}, which it then holds locked. */
  public static DiskSpool open(Path stateDir, long maxBytes) {
    return open(stateDir, maxBytes, Math.max(4 << 10, Math.min(16L << 20, maxBytes / 16)));
  }

  static DiskSpool open(Path stateDir, long maxBytes, long segmentBytes) {
    if (maxBytes < MIN_MAX_BYTES) throw new IllegalArgumentException("maxBytes must be >= " + MIN_MAX_BYTES);
    SequenceStore sequences = SequenceStore.open(stateDir);
    Path dir = stateDir.resolve(DIR);
    DiskSpool spool = new DiskSpool(dir, sequences, maxBytes, segmentBytes);
    try {
      boolean existed = Files.isDirectory(dir);
      Files.createDirectories(dir);
      spool.recover(existed);
    } catch (IOException | RuntimeException e) {
      spool.closeQuietly();
      if (e instanceof IOException io) throw new UncheckedIOException("--state-dir: cannot use the spool in \"" + dir + "\": " + io.getMessage(), io);
      throw (RuntimeException) e;
    }
    spool.syncer.scheduleWithFixedDelay(spool::persistAcked, 1, 1, TimeUnit.SECONDS);
    return spool;
  }

  private void recover(boolean existed) throws IOException {
    acked = persistedAcked = readAcked();
    long previous = 0;
    for (Path file : segmentFiles()) {
      Segment segment = Segment.recover(file, previous, acked);
      if (segment == null) continue;
      segments.add(segment);
      previous = segment.lastSequence;
    }
    while (segments.size() > 1 && segments.get(0).fullyAcked()) segments.remove(0).delete();
    long highest = Math.max(acked, segments.isEmpty() ? 0 : last().lastSequence);
    // Every number ever sent is in the spool or acknowledged (samples are sent only once fsynced), so
    // numbering resumes right above them: no number anyone saw is reused, and no gap is left.
    if (existed) sequences.resumeAfter(highest);
    if (segments.isEmpty()) segments.add(Segment.create(dir, sequences.peek()));
    last().force();
    for (Segment s : segments) {
      totalBytes += s.size;
      unacked += s.count - s.ackedCount;
    }
    appended = durable = announced = last().lastSequence;
    logger.info("spool {}: {} unacknowledged samples in {} segments ({} bytes), acknowledged up to {}; next "
        + "sequence {}", dir, unacked, segments.size(), totalBytes, acked, sequences.peek());
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> Segment.baseOf(f) >= 0)
          .sorted((a, b) -> Long.compare(Segment.baseOf(a), Segment.baseOf(b))).toList();
    }
  }

  private long readAcked() throws IOException {
    Path file = dir.resolve(ACKED);
    if (!Files.exists(file)) return 0;
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      logger.warn("spool: ignoring a damaged {} file (\"{}\"); the collector's Welcome says what it holds", file, text);
      return 0;
    }
  }

  @Override
  public Sample add(Sample.Builder builder) {
    Sample sample;
    synchronized (this) {
      if (closed) throw new IllegalStateException("the spool is closed");
      sample = builder.setSequence(sequences.next()).build();
      append(sample);
      scheduleSync();
    }
    return sample;
  }

  private void append(Sample sample) {
    ByteBuffer record = SpoolRecord.encode(sample);
    try {
      makeRoom(record.remaining(), sample.getSequence());
      last().append(record, sample.getSequence());
    } catch (IOException e) {
      if (!writeFailing) logger.error("cannot write to the spool in {}: {}; samples are lost until it is fixed", dir, e.toString());
      writeFailing = true;
      drops.dropped(1, sample.getSequence(), sample.getSequence(), "spool not writable");
      return;
    }
    if (writeFailing) logger.info("the spool in {} is writable again", dir);
    writeFailing = false;
    totalBytes += record.limit();
    appended = sample.getSequence();
    unacked++;
  }

  /** Rolls to a new segment when the current one is full; drops the oldest segments while the spool is. */
  private void makeRoom(int bytes, long sequence) throws IOException {
    if (last().count > 0 && last().size + bytes > segmentBytes) roll(sequence);
    while (totalBytes + bytes > maxBytes && segments.size() > 1) dropOldest();
    if (totalBytes + bytes > maxBytes && last().count > 0) {
      roll(sequence);
      dropOldest();
    }
  }

  private void roll(long base) throws IOException {
    last().force();
    durable = appended;
    Segment next = Segment.create(dir, base);
    segments.add(next);
    totalBytes += next.size;
  }

  private void dropOldest() throws IOException {
    Segment oldest = segments.remove(0);
    int lost = oldest.count - oldest.ackedCount;
    if (lost > 0) {
      unacked -= lost;
      drops.dropped(lost, Math.max(oldest.firstSequence, acked + 1), oldest.lastSequence,
          "spool full (--spool-max-bytes " + maxBytes + ")");
    }
    forget(oldest);
  }

  private void forget(Segment segment) throws IOException {
    totalBytes -= segment.size;
    if (cursor != null && cursor.segment() == segment) cursor = null;
    segment.delete();
  }

  private void scheduleSync() {
    if (syncQueued) return;
    syncQueued = true;
    syncer.schedule(this::sync, SYNC_DELAY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * fsyncs what was appended, then tells the listener that it may be sent. The fsync runs outside the spool's
   * lock: it can take tens of milliseconds on a busy disk, and probes append (under the lock) meanwhile.
   */
  void sync() {
    Segment segment;
    long target;
    synchronized (this) {
      syncQueued = false;
      if (closed) return;
      target = appended;
      segment = target > durable ? last() : null;
    }
    if (segment != null && !force(segment)) return;
    synchronized (this) {
      if (closed) return;
      durable = Math.max(durable, target);
      if (durable <= announced) return;
      announced = durable;
    }
    listener.run();
  }

  /**
   * fsyncs {@code segment}; true if what it held is durable or gone: a segment that is no longer in the spool
   * was forced when the next one was started, or dropped with its samples. Otherwise a failure is retried.
   */
  private boolean force(Segment segment) {
    try {
      segment.force();
      return true;
    } catch (IOException e) {
      synchronized (this) {
        if (closed || !segments.contains(segment)) return !closed;
        logger.warn("cannot fsync the spool in {}: {}; retrying", dir, e.toString());
        scheduleSync();
        return false;
      }
    }
  }

  @Override
  public synchronized List<Sample> after(long sequence, int maxCount, int maxBytes) {
    List<Sample> out = new ArrayList<>();
    long bytes = 0;
    try {
      Cursor at = locate(Math.max(sequence, acked));
      for (int i = segments.indexOf(at.segment()); i >= 0 && i < segments.size(); i++) {
        Segment segment = segments.get(i);
        RecordReader reader = segment.reader(segment == at.segment() ? at.offset() : Segment.HEADER_BYTES);
        for (RecordReader.Entry e; (e = reader.next(false, true)) != null; ) {
          bytes += e.payload().remaining();
          if (e.sequence() > durable || out.size() == maxCount || (!out.isEmpty() && bytes > maxBytes)) return out;
          out.add(parse(e));
          cursor = new Cursor(segment, e.next(), e.sequence());
        }
      }
    } catch (IOException e) {
      logger.warn("cannot read the spool in {}: {}", dir, e.toString());
    }
    return out;
  }

  /** The position of the first record above {@code sequence}. */
  private Cursor locate(long sequence) throws IOException {
    if (cursor != null && cursor.sequence() == sequence) return cursor;
    for (Segment segment : segments) {
      if (segment.lastSequence <= sequence) continue;
      long from = acked <= sequence ? segment.ackedOffset : Segment.HEADER_BYTES;
      RecordReader reader = segment.reader(from);
      for (RecordReader.Entry e; (e = reader.next(false, false)) != null; ) {
        if (e.sequence() > sequence) return new Cursor(segment, e.offset(), sequence);
      }
    }
    return new Cursor(last(), last().size, sequence);
  }

  private static Sample parse(RecordReader.Entry e) throws IOException {
    try {
      return Sample.parseFrom(e.payload());
    } catch (InvalidProtocolBufferException ex) {
      throw new IOException("record " + e.sequence() + " at offset " + e.offset() + " is no sample", ex);
    }
  }

  @Override
  public synchronized int release(long sequence) {
    if (sequence <= acked) return 0;
    acked = sequence;
    int released = 0;
    try {
      for (Iterator<Segment> it = segments.iterator(); it.hasNext(); ) {
        Segment segment = it.next();
        released += segment.advanceAck(sequence);
        if (!segment.fullyAcked()) break;
        if (segment == last()) break;
        it.remove();
        forget(segment);
      }
    } catch (IOException e) {
      logger.warn("cannot release acknowledged samples from the spool in {}: {}", dir, e.toString());
    }
    unacked -= released;
    return released;
  }

  private synchronized void persistAcked() {
    if (closed || acked == persistedAcked) return;
    try {
      Directories.replace(dir.resolve(ACKED), acked + "\n");
      persistedAcked = acked;
    } catch (IOException e) {
      logger.warn("cannot record the acknowledged sequence in {}: {}", dir, e.toString());
    }
  }

  @Override
  public boolean continueAfter(long sequence) {
    return sequences.skipPast(sequence);
  }

  @Override
  public synchronized int size() {
    return (int) Math.min(Integer.MAX_VALUE, unacked);
  }

  /** Bytes the spool's files take, segment headers included. */
  public synchronized long bytes() {
    return totalBytes;
  }

  @Override
  public synchronized long dropped() {
    return drops.total();
  }

  @Override
  public void onAdd(Runnable listener) {
    this.listener = listener;
  }

  private Segment last() {
    return segments.get(segments.size() - 1);
  }

  /** fsyncs, records the acknowledged sequence, closes the files and releases the state directory. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      try {
        if (!segments.isEmpty()) last().force();
      } catch (IOException e) {
        logger.warn("cannot fsync the spool in {} on close: {}", dir, e.toString());
      }
      persistAcked();
    }
    closeQuietly();
  }

  private void closeQuietly() {
    synchronized (this) {
      closed = true;
      for (Segment segment : segments) {
        try {
          segment.close();
        } catch (IOException e) {
          logger.warn("cannot close {}: {}", segment.path, e.toString());
        }
      }
    }
    syncer.shutdownNow();
    sequences.close();
  }
}
