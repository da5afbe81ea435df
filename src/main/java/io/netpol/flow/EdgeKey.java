package io.netpol.flow;

/** The identity an aggregated edge is stored under. */
public record EdgeKey(
    String clientKey, String serverKey, int port, Protocol protocol, Verdict verdict) {

  public EdgeKey withVerdict(Verdict other) {
    return new EdgeKey(clientKey, serverKey, port, protocol, other);
  }
}
