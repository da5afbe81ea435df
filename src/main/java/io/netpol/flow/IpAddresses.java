package io.netpol.flow;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literals from flow logs; never resolves names. */
public final class IpAddresses {
  private IpAddresses() {}

  /** The address bytes of an IPv4 or IPv6 literal, or null when the text is not one. */
  public static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return parseIpv4(text);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
      if (!ok) {
        return null;
      }
    }
    try {
      // With only hex digits, ':' and '.', getByName parses a literal and never queries DNS.
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] parseIpv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i == text.length() ? '.' : text.charAt(i);
      if (c == '.') {
        if (value < 0 || part > 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
      } else if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
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
