package io.proxywatch.agent.spool;

import io.proxywatch.proto.v1.Sample;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One sample as the spool stores it: a 16-byte header (payload length as int, sequence as long, CRC32C of
 * the sequence and the payload as int, all big-endian) followed by the payload, the Sample's protobuf
 * encoding. The length and the checksum tell a complete record from a torn or overwritten one.
 */
final class SpoolRecord {
  static final int HEADER_BYTES = 16;
  /** Far above any real sample (about 12 KiB with every header at its 1024-character cap). */
  static final int MAX_PAYLOAD = 4 << 20;

  private SpoolRecord() {}

  static ByteBuffer encode(Sample sample) {
    byte[] payload = sample.toByteArray();
    ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    record.putInt(payload.length).putLong(sample.getSequence())
        .putInt(checksum(sample.getSequence(), ByteBuffer.wrap(payload))).put(payload);
    return record.flip();
  }

  static int checksum(long sequence, ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).flip());
    crc.update(payload.duplicate());
    return (int) crc.getValue();
  }
}
