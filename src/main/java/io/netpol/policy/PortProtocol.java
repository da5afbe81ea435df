package io.netpol.policy;

/** The transport protocols a NetworkPolicy port can name. */
public enum PortProtocol {
  TCP,
  UDP,
  SCTP;

  /**
   * Parses a protocol exactly as the Kubernetes API spells it. The API is case-sensitive, so {@code
   * "tcp"} is rejected rather than silently accepted.
   *
   * @return the protocol, or {@code null} when {@code text} is not one of TCP, UDP, SCTP
   */
  public static PortProtocol parse(String text) {
    for (PortProtocol p : values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    return null;
  }
}
