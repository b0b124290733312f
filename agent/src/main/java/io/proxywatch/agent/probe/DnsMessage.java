package io.proxywatch.agent.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The few parts of RFC 1035 messages {@link UdpDns} needs: a recursive query, and the addresses of an answer. */
final class DnsMessage {
  private static final int CLASS_IN = 1;
  private static final int TYPE_CNAME = 5;

  private DnsMessage() {}

  /** A recursive (RD) query for one name and type. */
  static byte[] query(int id, String name, int type) {
    ByteBuffer out = ByteBuffer.allocate(18 + name.length());
    out.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putInt(0);
    for (String label : name.split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      if (bytes.length == 0 || bytes.length > 63) throw new IllegalArgumentException("bad host name \"" + name + "\"");
      out.put((byte) bytes.length).put(bytes);
    }
    out.put((byte) 0).putShort((short) type).putShort((short) CLASS_IN);
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  /** Whether this datagram is the response (QR set) to query {@code id}. */
  static boolean answers(byte[] message, int id) {
    return ((message[0] & 0xff) << 8 | (message[1] & 0xff)) == id && (message[2] & 0x80) != 0;
  }

  /**
   * The addresses of {@code type} for {@code name} or the names its CNAMEs in the answer lead to; an empty list
   * for NXDOMAIN or no data; IllegalArgumentException for a server failure or a malformed message.
   */
  static List<InetAddress> addresses(byte[] message, int length, String name, int type) throws UnknownHostException {
    ByteBuffer in = ByteBuffer.wrap(message, 0, length);
    int rcode = in.getShort(2) & 0xf;
    if (rcode != 0 && rcode != 3) throw new IllegalArgumentException("answered with RCODE " + rcode);
    int questions = in.getShort(4) & 0xffff;
    int answers = in.getShort(6) & 0xffff;
    in.position(12);
    for (int i = 0; i < questions; i++) {
      readName(in);
      in.position(in.position() + 4);
    }
    return records(in, answers, name.toLowerCase(Locale.ROOT), type);
  }

  private static List<InetAddress> records(ByteBuffer in, int count, String name, int type) throws UnknownHostException {
    List<InetAddress> found = new ArrayList<>();
    String wanted = name;
    for (int i = 0; i < count; i++) {
      String owner = readName(in).toLowerCase(Locale.ROOT);
      int rrType = in.getShort() & 0xffff;
      in.position(in.position() + 6); // class, TTL
      int rdLength = in.getShort() & 0xffff;
      int end = in.position() + rdLength;
      if (owner.equals(wanted) && rrType == TYPE_CNAME) wanted = readName(in).toLowerCase(Locale.ROOT);
      else if (owner.equals(wanted) && rrType == type) found.add(address(in, rdLength));
      in.position(end);
    }
    return found;
  }

  private static InetAddress address(ByteBuffer in, int length) throws UnknownHostException {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return InetAddress.getByAddress(bytes);
  }

  /** A possibly compressed name; leaves the buffer after the name as it is written at this position. */
  private static String readName(ByteBuffer in) {
    StringBuilder name = new StringBuilder();
    int position = in.position();
    int resume = -1;
    for (int steps = 0; steps < 256; steps++) {
      int length = in.get(position) & 0xff;
      if (length == 0) {
        in.position(resume >= 0 ? resume : position + 1);
        return name.toString();
      }
      if ((length & 0xc0) == 0xc0) {
        if (resume < 0) resume = position + 2;
        position = ((length & 0x3f) << 8) | (in.get(position + 1) & 0xff);
        continue;
      }
      if (name.length() > 0) name.append('.');
      for (int i = 1; i <= length; i++) name.append((char) (in.get(position + i) & 0xff));
      position += length + 1;
    }
    throw new IllegalArgumentException("malformed name in answer");
  }
}
