package io.netpol.flow;

import java.util.Arrays;

/**
 * IPv4 and IPv6 literals, parsed by hand into network-order bytes: {@link
 * java.net.InetAddress#getByName} falls back to a DNS lookup for anything that is not a literal,
 * and neither ingest nor the evaluator may ever do I/O.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /** Returns 4 or 16 bytes, or {@code null} when {@code text} is not an IP literal. */
  public static byte[] parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
  }

  /**
   * The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else {@code
   * address} itself. Go (and so Kubernetes) and Java both treat mapped addresses as IPv4.
   */
  public static byte[] unmapped(byte[] address) {
    if (address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return address;
    }
    return Arrays.copyOfRange(address, 12, 16);
  }

  private static byte[] parseV4(String text) {
    byte[] bytes = new byte[4];
    int start = 0;
    for (int i = 0; i < 4; i++) {
      int dot = i < 3 ? text.indexOf('.', start) : text.length();
      if (dot < 0 || (i == 3 && text.indexOf('.', start) >= 0)) {
        return null;
      }
      int value = decimalOctet(text, start, dot);
      if (value < 0) {
        return null;
      }
      bytes[i] = (byte) value;
      start = dot + 1;
    }
    return bytes;
  }

  /**
   * {@code text[from, to)} as 0..255, or -1; leading zeros are refused because some parsers read
   * them as octal.
   */
  private static int decimalOctet(String text, int from, int to) {
    int n = to - from;
    if (n < 1 || n > 3 || (n > 1 && text.charAt(from) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static byte[] parseV6(String text) {
    int gap = text.indexOf("::");
    // One "::" at most, and an embedded IPv4 address may only end the literal.
    if (gap >= 0 && (text.indexOf("::", gap + 1) >= 0 || text.lastIndexOf('.', gap) >= 0)) {
      return null;
    }
    byte[] head = gap >= 0 ? groups(text.substring(0, gap)) : groups(text);
    byte[] tail = gap >= 0 ? groups(text.substring(gap + 2)) : new byte[0];
    if (head == null || tail == null) {
      return null;
    }
    int length = head.length + tail.length;
    if (gap < 0 ? length != 16 : length > 14) {
      return null;
    }
    byte[] bytes = new byte[16];
    System.arraycopy(head, 0, bytes, 0, head.length);
    System.arraycopy(tail, 0, bytes, 16 - tail.length, tail.length);
    return bytes;
  }

  /** Parses colon-separated hex groups, the last of which may be a dotted IPv4 address. */
  private static byte[] groups(String text) {
    if (text.isEmpty()) {
      return new byte[0];
    }
    String[] parts = text.split(":", -1);
    byte[] bytes = new byte[parts.length * 2 + 2];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      if (i == parts.length - 1 && parts[i].indexOf('.') >= 0) {
        byte[] v4 = parseV4(parts[i]);
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, bytes, n, 4);
        n += 4;
        continue;
      }
      int value = hexGroup(parts[i]);
      if (value < 0) {
        return null;
      }
      bytes[n++] = (byte) (value >> 8);
      bytes[n++] = (byte) value;
    }
    return Arrays.copyOf(bytes, n);
  }

  private static int hexGroup(String part) {
    if (part.isEmpty() || part.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      int digit = Character.digit(part.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** RFC 1918, RFC 6598 (CGNAT), loopback, link-local, IPv6 ULA. */
  public static boolean isPrivate(String text) {
    byte[] b = parse(text);
    if (b == null) {
      return false;
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b.length == 4) {
      return b0 == 10
          || (b0 == 172 && (b1 & 0xf0) == 16)
          || (b0 == 192 && b1 == 168)
          || (b0 == 100 && (b1 & 0xc0) == 64)
          || b0 == 127
          || (b0 == 169 && b1 == 254);
    }
    boolean loopback = true;
    for (int i = 0; i < 15; i++) {
      loopback &= b[i] == 0;
    }
    return (loopback && b[15] == 1) || (b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0x80);
  }
}
