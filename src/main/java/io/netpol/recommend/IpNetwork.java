package io.netpol.recommend;

import io.netpol.flow.IpAddresses;

/** An IP network in canonical text ({@code 203.0.113.7/32}, {@code 2001:db8::1/128}). */
record IpNetwork(byte[] network, int prefix, String text) implements Comparable<IpNetwork> {

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

  /** Parses {@code a.b.c.d/n}, {@code x::/n} or a bare address; null when it is not one. */
  static IpNetwork parse(String cidr) {
    if (cidr == null) {
      return null;
    }
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      return host(cidr);
    }
    String bits = cidr.substring(slash + 1);
    if (!bits.matches("\\d{1,3}")) {
      return null;
    }
    int prefix = Integer.parseInt(bits);
    byte[] address = IpAddresses.parse(cidr.substring(0, slash));
    if (address == null || prefix > address.length * 8) {
      return null;
    }
    return of(cidr.substring(0, slash), prefix);
  }

  /** Whether {@code other} lies inside this network (same family). */
  boolean contains(IpNetwork other) {
    if (other.network.length != network.length || other.prefix < prefix) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((network[bit / 8] & mask) != (other.network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The single address: /32 or /128. */
  static IpNetwork host(String address) {
    return of(address, 128);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpNetwork n && n.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** The network address without the prefix length. */
  String address() {
    return text.substring(0, text.indexOf('/'));
  }

  boolean isIpv4() {
    return network.length == 4;
  }

  /** IPv4 before IPv6, then numerically, then by prefix. */
  @Override
  public int compareTo(IpNetwork o) {
    int c = Integer.compare(network.length, o.network.length);
    if (c == 0) {
      c = java.util.Arrays.compareUnsigned(network, o.network);
    }
    return c != 0 ? c : Integer.compare(prefix, o.prefix);
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
