package io.netpol.recommend;

import io.netpol.flow.IpAddresses;
import java.util.HexFormat;

/** An IP network in canonical text ({@code 203.0.113.7/32}, {@code 2001:db8::1/128}). */
record IpNetwork(byte[] network, int prefix, String text) {

  /**
   * The network of {@code prefix} bits around {@code address}; null when it is not an IP literal.
   */
  static IpNetwork of(String address, int prefix) {
    byte[] bytes = IpAddresses.parse(address);
    if (bytes == null) {
      return null;
    }
    int bits = Math.min(prefix, bytes.length * 8);
    for (int bit = bits; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new IpNetwork(bytes, bits, format(bytes) + "/" + bits);
  }

  /** The single address: /32 or /128. */
  static IpNetwork host(String address) {
    return of(address, 128);
  }

  boolean isIpv4() {
    return network.length == 4;
  }

  /** Sorts IPv4 before IPv6, then numerically, then by prefix. */
  String sortKey() {
    return (isIpv4() ? "4" : "6")
        + HexFormat.of().formatHex(network)
        + String.format("%03d", prefix);
  }

  private static String format(byte[] b) {
    if (b.length == 4) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    // RFC 5952: compress the longest run (at least two) of zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
