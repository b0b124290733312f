package io.proxywatch.agent.probe;

import io.proxywatch.proto.v1.Sample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The versions an {@code @v/list} body names: the first whitespace-separated field of each non-empty line
 * (a line may carry a time as a second field), in the order listed. Bounded as the contract says: at most
 * {@link #MAX_VERSIONS} entries of at most {@link #MAX_LENGTH} bytes; anything left out (more entries, or a
 * longer field) sets {@code list_truncated}. Parsed as the bytes stream, one field buffer at a time.
 */
final class ListedVersions implements BodyReader {
  static final int MAX_VERSIONS = 2000;
  static final int MAX_LENGTH = 128;

  private final List<String> versions = new ArrayList<>();
  private final byte[] field = new byte[MAX_LENGTH];
  private int length;
  private boolean overlong;
  private boolean fieldEnded;
  private boolean truncated;

  @Override
  public void update(byte[] chunk, int offset, int count) {
    for (int i = offset; i < offset + count; i++) accept(chunk[i]);
  }

  private void accept(byte b) {
    if (b == '\n') {
      endLine();
    } else if (fieldEnded) {
      return; // the rest of the line (a time) is not a version
    } else if (b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == 0x0b) {
      fieldEnded = length > 0 || overlong;
    } else if (length < MAX_LENGTH) {
      field[length++] = b;
    } else {
      overlong = true;
    }
  }

  private void endLine() {
    if (overlong || (length > 0 && versions.size() == MAX_VERSIONS)) {
      truncated = true;
    } else if (length > 0) {
      versions.add(new String(field, 0, length, StandardCharsets.UTF_8));
    }
    length = 0;
    overlong = false;
    fieldEnded = false;
  }

  @Override
  public void finish(Sample.Builder sample) {
    endLine();
    sample.addAllListedVersions(versions).setListTruncated(truncated);
  }
}
