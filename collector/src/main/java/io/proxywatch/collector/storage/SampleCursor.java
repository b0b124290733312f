package io.proxywatch.collector.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Position after the last sample of a page: (time, agent, sequence), the list's sort key. Opaque to clients. */
public record SampleCursor(long timeMicros, String agentId, long sequence) {
  public String encode() {
    String raw = timeMicros + ":" + sequence + ":" + agentId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Empty when the text is not a cursor this collector issued. */
  public static Optional<SampleCursor> decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", 3);
      if (parts.length != 3 || parts[2].isEmpty()) return Optional.empty();
      return Optional.of(new SampleCursor(Long.parseLong(parts[0]), parts[2], Long.parseLong(parts[1])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
