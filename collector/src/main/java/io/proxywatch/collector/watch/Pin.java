package io.proxywatch.collector.watch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A connect-to entry as curl writes it, HOST:PORT:ADDR:PORT: connections to host:port go to addr:port instead. */
public record Pin(String hostPort, String addressPort) {
  public static final int MAX_PER_REGION = 64;
  private static final String HOST = "(\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9.-]{1,253})";
  private static final String PORT = "([1-9][0-9]{0,4})";
  private static final Pattern SYNTAX = Pattern.compile(HOST + ":" + PORT + ":" + HOST + ":" + PORT);

  public static Pin parse(String where, String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text);
    if (!m.matches() || Integer.parseInt(m.group(2)) > 65535 || Integer.parseInt(m.group(4)) > 65535) {
      throw new IllegalArgumentException(where + ": expected HOST:PORT:ADDR:PORT, got \"" + text + "\"");
    }
    return new Pin(m.group(1) + ":" + m.group(2), m.group(3) + ":" + m.group(4));
  }
}
