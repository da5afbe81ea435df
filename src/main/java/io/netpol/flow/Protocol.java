package io.netpol.flow;

import java.util.Locale;

/** Transport protocols; ICMP connections are stored but no NetworkPolicy can select them. */
public enum Protocol {
  TCP,
  UDP,
  SCTP,
  ICMP;

  /**
   * Parses names such as {@code tcp}, {@code TCP}, {@code ICMPv6}, or IANA numbers; null if
   * unknown.
   */
  public static Protocol parse(String text) {
    if (text == null) {
      return null;
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "tcp":
      case "6":
        return TCP;
      case "udp":
      case "17":
        return UDP;
      case "sctp":
      case "132":
        return SCTP;
      case "icmp":
      case "icmpv4":
      case "icmpv6":
      case "icmp6":
      case "1":
      case "58":
        return ICMP;
      default:
        return null;
    }
  }
}
