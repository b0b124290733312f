package io.proxywatch.collector.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A growable byte buffer that writes the fields of PostgreSQL's binary COPY format (big-endian lengths and
 * values, -1 for NULL). Text is sent as UTF-8 without any escaping; NUL, which PostgreSQL text cannot hold,
 * is dropped, as the text format's encoder does.
 */
public final class CopyBuffer {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
  /** pg_type oid of text, the element type of a text[] column. */
  private static final int TEXT_OID = 25;

  private byte[] bytes;
  private int length;

  public CopyBuffer(int capacity) {
    bytes = new byte[Math.max(capacity, 64)];
  }

  public byte[] array() {
    return bytes;
  }

  public int length() {
    return length;
  }

  public void clear() {
    length = 0;
  }

  /** The signature, no flags and no header extension: what begins every binary COPY. */
  public void header() {
    put(SIGNATURE, 0, SIGNATURE.length);
    int32(0);
    int32(0);
  }

  /** The field count that begins each row; -1 ends the data. */
  public void row(int fields) {
    int16(fields);
  }

  public void trailer() {
    int16(-1);
  }

  public void nullField() {
    int32(-1);
  }

  public void int2(int value) {
    int32(2);
    int16(value);
  }

  public void int8(long value) {
    int32(8);
    int64(value);
  }

  public void optionalInt8(boolean present, long value) {
    if (present) int8(value);
    else nullField();
  }

  public void text(String value) {
    byte[] utf8 = utf8(value);
    int32(utf8.length);
    put(utf8, 0, utf8.length);
  }

  /** NULL for the empty string. */
  public void nullableText(String value) {
    if (value.isEmpty()) nullField();
    else text(value);
  }

  /** NULL for no bytes. */
  public void nullableBytea(byte[] value) {
    if (value.length == 0) {
      nullField();
      return;
    }
    int32(value.length);
    put(value, 0, value.length);
  }

  /** A one-dimensional text[] (lower bound 1, no NULL elements); empty when there are no values. */
  public void textArray(List<String> values) {
    byte[][] elements = new byte[values.size()][];
    int size = 12 + (values.isEmpty() ? 0 : 8);
    for (int i = 0; i < elements.length; i++) {
      elements[i] = utf8(values.get(i));
      size += 4 + elements[i].length;
    }
    int32(size);
    int32(values.isEmpty() ? 0 : 1);
    int32(0);
    int32(TEXT_OID);
    if (!values.isEmpty()) {
      int32(values.size());
      int32(1);
    }
    for (byte[] element : elements) {
      int32(element.length);
      put(element, 0, element.length);
    }
  }

  public void put(byte[] source, int offset, int count) {
    ensure(count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
  }

  private static byte[] utf8(String value) {
    return (value.indexOf('\0') < 0 ? value : value.replace("\0", "")).getBytes(StandardCharsets.UTF_8);
  }

  private void int16(int value) {
    ensure(2);
    bytes[length++] = (byte) (value >>> 8);
    bytes[length++] = (byte) value;
  }

  private void int32(int value) {
    ensure(4);
    bytes[length++] = (byte) (value >>> 24);
    bytes[length++] = (byte) (value >>> 16);
    bytes[length++] = (byte) (value >>> 8);
    bytes[length++] = (byte) value;
  }

  private void int64(long value) {
    int32((int) (value >>> 32));
    int32((int) value);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
  }
}
