package io.netpol.policy;

import io.netpol.flow.IpAddresses;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fd00::/64}. Host bits in the text
 * are cleared, as the Kubernetes API server accepts {@code 10.1.2.3/8} and means {@code
 * 10.0.0.0/8}.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** Returns the network, or {@code null} when {@code text} is not {@code address/prefix}. */
  public static Cidr parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0) {
      return null;
    }
    byte[] address = IpAddresses.parse(text.substring(0, slash));
    int prefix = prefixLength(text.substring(slash + 1));
    if (address == null || prefix < 0 || prefix > address.length * 8) {
      return null;
    }
    return new Cidr(mask(address, prefix), prefix, text);
  }

  private static int prefixLength(String digits) {
    if (digits.isEmpty()
        || digits.length() > 3
        || (digits.length() > 1 && digits.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(digits);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] masked = Arrays.copyOf(address, address.length);
    for (int bit = prefix; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }

  /** True when the IP literal {@code address} lies in this network; families never mix. */
  public boolean contains(String address) {
    byte[] bytes = IpAddresses.parse(address);
    return bytes != null && contains(bytes);
  }

  /**
   * True when {@code address} (4 or 16 bytes) lies in this network. An IPv4-mapped IPv6 address
   * counts as its IPv4 address, as in Go's {@code net.IPNet.Contains} which Kubernetes uses.
   */
  boolean contains(byte[] address) {
    byte[] candidate = IpAddresses.unmapped(address);
    return candidate.length == network.length && Arrays.equals(mask(candidate, prefix), network);
  }

  /** True when {@code other} is a strictly smaller network inside this one. */
  public boolean strictlyContains(Cidr other) {
    return other.prefix > prefix && contains(other.network);
  }

  /** Equal when the networks are; {@code 10.1.2.3/8} equals {@code 10.0.0.0/8}. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
  }

  @Override
  public int hashCode() {
    return 31 * prefix + Arrays.hashCode(network);
  }

  @Override
  public String toString() {
    return text;
  }
}
