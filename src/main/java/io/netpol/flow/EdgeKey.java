package io.netpol.flow;

import java.util.Objects;

/** The identity an aggregated edge is stored under. */
public record EdgeKey(
    String clientKey, String serverKey, int port, Protocol protocol, Verdict verdict) {

  /**
   * Mixes the fields' hashes: the record's default (a polynomial in 31, the strings' own base)
   * makes keys whose endpoint names differ in a digit here and there collide.
   */
  @Override
  public int hashCode() {
    int h = clientKey.hashCode() * 0x9E3779B9 ^ serverKey.hashCode();
    h = h * 0x9E3779B9 ^ port;
    return (h * 31 + protocol.ordinal()) * 31 + verdict.ordinal();
  }

  public EdgeKey withVerdict(Verdict other) {
    return new EdgeKey(clientKey, serverKey, port, protocol, other);
  }

  // Written out: a record's own equals and hashCode go through method handles, which took a tenth
  // of observe's deduplicating thread on a cluster of 3,000 pods (every record looks its edge up).

  @Override
  public boolean equals(Object o) {
    return o instanceof EdgeKey k
        && port == k.port
        && protocol == k.protocol
        && verdict == k.verdict
        && Objects.equals(clientKey, k.clientKey)
        && Objects.equals(serverKey, k.serverKey);
  }
}
