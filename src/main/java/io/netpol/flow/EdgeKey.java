package io.netpol.flow;

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
}
